void count_unlocked(void);
void count_locked(void);
long counted(void);
