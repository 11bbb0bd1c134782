#!/usr/bin/env python3
"""validate_sarif.py FILE...: checks that each FILE is a SARIF 2.1.0 log that
GitHub code scanning accepts, as far as the objects atomicguard emits go.

Python standard library only. The checks are those of the OASIS SARIF 2.1.0
JSON schema (sarif-schema-2.1.0.json: required properties, types, minimums,
enums, uniqueness, no properties the schema does not define) for every
object kind atomicguard writes, plus the rules of GitHub's "SARIF support
for code scanning" page: $schema present, tool.driver.rules present, each
rule with id, shortDescription.text, fullDescription.text and help.text
(non-empty), result.message.text, at least one and at most 10
result.locations with the first holding a physicalLocation with
artifactLocation.uri, partialFingerprints present, ruleId matching
rules[ruleIndex].

For each file, prints 'sarif: valid, N results' or one 'sarif problem: ...'
line per problem; exits 0 if every file is valid, else 1."""
import json
import re
import sys

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def check_keys(obj, where, allowed, required=()):
    """obj must be an object with only the allowed properties (the schema
    says additionalProperties: false) and all the required ones."""
    if not isinstance(obj, dict):
        problem(where, f"expected an object, got {type(obj).__name__}")
        return False
    for key in obj:
        if key not in allowed:
            problem(where, f"property '{key}' is not defined by SARIF 2.1.0")
    for key in required:
        if key not in obj:
            problem(where, f"missing required property '{key}'")
    return True


def check_str(obj, key, where, nonempty=False, max_len=None):
    if key not in obj:
        return
    value = obj[key]
    if not isinstance(value, str):
        problem(where, f"'{key}' must be a string")
    elif nonempty and not value:
        problem(where, f"'{key}' must not be empty (GitHub)")
    elif max_len is not None and len(value) > max_len:
        problem(where, f"'{key}' is longer than {max_len} characters (GitHub)")


def check_int(obj, key, where, minimum):
    if key in obj and (not is_int(obj[key]) or obj[key] < minimum):
        problem(where, f"'{key}' must be an integer >= {minimum}, got {obj[key]!r}")


def check_enum(obj, key, where, values):
    if key in obj and obj[key] not in values:
        problem(where, f"'{key}' must be one of {sorted(values)}, got {obj[key]!r}")


def check_array(obj, key, where, unique=False, min_items=0):
    if key not in obj:
        return []
    value = obj[key]
    if not isinstance(value, list):
        problem(where, f"'{key}' must be an array")
        return []
    if len(value) < min_items:
        problem(where, f"'{key}' needs at least {min_items} items")
    if unique:
        seen = [json.dumps(v, sort_keys=True) for v in value]
        if len(set(seen)) != len(seen):
            problem(where, f"'{key}' items must be unique")
    return value


# RFC 3986 URI-reference: only these characters, '%' only before two hex
# digits; an absolute URI starts with a scheme.
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]%]*$")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def check_uri(obj, key, where, absolute=False):
    if key not in obj:
        return
    uri = obj[key]
    if not isinstance(uri, str) or not uri:
        problem(where, f"'{key}' must be a non-empty string")
        return
    if not URI_CHARS.match(uri) or BAD_PERCENT.search(uri):
        problem(where, f"'{key}' is not a valid URI reference: {uri!r}")
    if absolute and not SCHEME.match(uri):
        problem(where, f"'{key}' must be an absolute URI: {uri!r}")
    if not absolute and not SCHEME.match(uri) and ":" in uri.split("/")[0]:
        problem(where, f"'{key}': the first segment of a relative URI has a ':'")


def check_property_bag(obj, key, where):
    if key not in obj:
        return
    bag = obj[key]
    if not isinstance(bag, dict):
        problem(where, f"'{key}' must be an object")
        return
    tags = check_array(bag, "tags", f"{where}.{key}", unique=True)
    if any(not isinstance(t, str) for t in tags):
        problem(f"{where}.{key}", "tags must be strings")


MULTIFORMAT_KEYS = {"text", "markdown", "properties"}
MESSAGE_KEYS = {"text", "markdown", "id", "arguments", "properties"}


def check_multiformat(obj, key, where, required_by_github):
    if key not in obj:
        if required_by_github:
            problem(where, f"missing '{key}' (GitHub requires {key}.text)")
        return
    w = f"{where}.{key}"
    if check_keys(obj[key], w, MULTIFORMAT_KEYS, required=("text",)):
        check_str(obj[key], "text", w, nonempty=required_by_github, max_len=1024)
        check_str(obj[key], "markdown", w)


def check_message(msg, where, need_text=False):
    if not check_keys(msg, where, MESSAGE_KEYS):
        return
    if "text" not in msg and "id" not in msg:
        problem(where, "a message needs 'text' or 'id'")
    if need_text and not msg.get("text"):
        problem(where, "GitHub needs a non-empty message.text")
    check_str(msg, "text", where)
    check_str(msg, "id", where)


def check_region(region, where):
    keys = {"startLine", "startColumn", "endLine", "endColumn", "charOffset",
            "charLength", "byteOffset", "byteLength", "snippet", "message",
            "sourceLanguage", "properties"}
    if not check_keys(region, where, keys):
        return
    if not any(k in region for k in ("startLine", "charOffset", "byteOffset")):
        problem(where, "a region needs startLine, charOffset or byteOffset")
    for key in ("startLine", "startColumn", "endLine", "endColumn"):
        check_int(region, key, where, 1)
    for key in ("charOffset", "byteOffset"):
        check_int(region, key, where, -1)


def check_physical(phys, where):
    keys = {"address", "artifactLocation", "region", "contextRegion", "properties"}
    if not check_keys(phys, where, keys):
        return
    if "address" not in phys and "artifactLocation" not in phys:
        problem(where, "a physicalLocation needs 'address' or 'artifactLocation'")
    if "artifactLocation" in phys:
        w = f"{where}.artifactLocation"
        art = phys["artifactLocation"]
        if check_keys(art, w, {"uri", "uriBaseId", "index", "description", "properties"}):
            check_uri(art, "uri", w)
            check_str(art, "uriBaseId", w)
            check_int(art, "index", w, -1)
            if "uriBaseId" in art and SCHEME.match(art.get("uri", "")):
                problem(w, "uriBaseId given for an absolute URI")
    if "region" in phys:
        check_region(phys["region"], f"{where}.region")


def check_location(loc, where):
    keys = {"id", "physicalLocation", "logicalLocations", "message",
            "annotations", "relationships", "properties"}
    if not check_keys(loc, where, keys):
        return
    check_int(loc, "id", where, -1)
    if "physicalLocation" in loc:
        check_physical(loc["physicalLocation"], f"{where}.physicalLocation")
    logical_keys = {"name", "index", "fullyQualifiedName", "decoratedName",
                    "parentIndex", "kind", "properties"}
    for i, logical in enumerate(check_array(loc, "logicalLocations", where, unique=True)):
        w = f"{where}.logicalLocations[{i}]"
        if check_keys(logical, w, logical_keys):
            for key in ("name", "fullyQualifiedName", "decoratedName", "kind"):
                check_str(logical, key, w)
    if "message" in loc:
        check_message(loc["message"], f"{where}.message")
    check_property_bag(loc, "properties", where)


LEVELS = {"none", "note", "warning", "error"}


def check_rule(rule, where):
    keys = {"id", "deprecatedIds", "guid", "deprecatedGuids", "name",
            "deprecatedNames", "shortDescription", "fullDescription",
            "messageStrings", "defaultConfiguration", "helpUri", "help",
            "relationships", "properties"}
    if not check_keys(rule, where, keys, required=("id",)):
        return
    check_str(rule, "id", where, nonempty=True)
    check_str(rule, "name", where, max_len=255)
    check_multiformat(rule, "shortDescription", where, True)
    check_multiformat(rule, "fullDescription", where, True)
    check_multiformat(rule, "help", where, True)
    check_uri(rule, "helpUri", where, absolute=True)
    if "defaultConfiguration" in rule:
        w = f"{where}.defaultConfiguration"
        conf = rule["defaultConfiguration"]
        if check_keys(conf, w, {"enabled", "level", "rank", "parameters", "properties"}):
            check_enum(conf, "level", w, LEVELS)
    check_property_bag(rule, "properties", where)


def check_result(result, where, rules):
    keys = {"ruleId", "ruleIndex", "rule", "kind", "level", "message",
            "analysisTarget", "locations", "guid", "correlationGuid",
            "occurrenceCount", "partialFingerprints", "fingerprints", "stacks",
            "codeFlows", "graphs", "graphTraversals", "relatedLocations",
            "suppressions", "baselineState", "rank", "attachments",
            "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa",
            "webRequest", "webResponse", "properties"}
    if not check_keys(result, where, keys, required=("message",)):
        return
    check_message(result["message"], f"{where}.message", need_text=True)
    check_str(result, "ruleId", where, nonempty=True)
    check_int(result, "ruleIndex", where, -1)
    index = result.get("ruleIndex", -1)
    if is_int(index) and index >= 0:
        if index >= len(rules):
            problem(where, f"ruleIndex {index} is past the {len(rules)} rules")
        elif "ruleId" in result and rules[index].get("id") != result["ruleId"]:
            problem(where, f"ruleId {result['ruleId']!r} is not rules[{index}].id")
    elif "ruleId" not in result:
        problem(where, "no ruleId and no ruleIndex: the result names no rule")
    check_enum(result, "level", where, LEVELS)
    check_enum(result, "kind", where,
               {"notApplicable", "pass", "fail", "review", "open", "informational"})
    locations = check_array(result, "locations", where)
    if not 1 <= len(locations) <= 10:
        problem(where, f"GitHub needs 1 to 10 locations, got {len(locations)}")
    for i, loc in enumerate(locations):
        check_location(loc, f"{where}.locations[{i}]")
    if locations and not (isinstance(locations[0], dict)
                          and "artifactLocation" in locations[0].get("physicalLocation", {})
                          and "uri" in locations[0]["physicalLocation"]["artifactLocation"]):
        problem(where, "GitHub needs locations[0].physicalLocation.artifactLocation.uri")
    related = check_array(result, "relatedLocations", where, unique=True)
    ids = []
    for i, loc in enumerate(related):
        w = f"{where}.relatedLocations[{i}]"
        check_location(loc, w)
        if isinstance(loc, dict):
            if not is_int(loc.get("id")) or loc["id"] < 0:
                problem(w, "a related location needs an integer id >= 0")
            else:
                ids.append(loc["id"])
    if len(set(ids)) != len(ids):
        problem(where, f"relatedLocations ids are not unique: {ids}")
    fingerprints = result.get("partialFingerprints")
    if not isinstance(fingerprints, dict) or not fingerprints:
        problem(where, "GitHub needs partialFingerprints (a non-empty object)")
    elif any(not isinstance(v, str) or not v for v in fingerprints.values()):
        problem(where, "partialFingerprints values must be non-empty strings")
    check_property_bag(result, "properties", where)


def check_log(log):
    if not check_keys(log, "sarifLog",
                      {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
                      required=("version", "runs")):
        return 0
    if "$schema" not in log:
        problem("sarifLog", "GitHub needs '$schema'")
    check_uri(log, "$schema", "sarifLog", absolute=True)
    if log["version"] != "2.1.0":
        problem("sarifLog", f"version must be '2.1.0', got {log['version']!r}")
    runs = check_array(log, "runs", "sarifLog", min_items=1)
    count = 0
    run_keys = {"tool", "invocations", "conversion", "language",
                "versionControlProvenance", "originalUriBaseIds", "artifacts",
                "logicalLocations", "graphs", "results", "automationDetails",
                "runAggregates", "baselineGuid", "redactionTokens",
                "defaultEncoding", "defaultSourceLanguage", "newlineSequences",
                "columnKind", "externalPropertyFileReferences",
                "threadFlowLocations", "taxonomies", "addresses", "translations",
                "policies", "webRequests", "webResponses", "specialLocations",
                "properties"}
    component_keys = {"guid", "name", "organization", "product", "productSuite",
                      "shortDescription", "fullDescription", "fullName",
                      "version", "semanticVersion", "dottedQuadFileVersion",
                      "releaseDateUtc", "downloadUri", "informationUri",
                      "globalMessageStrings", "notifications", "rules", "taxa",
                      "locations", "language", "contents", "isComprehensive",
                      "localizedDataSemanticVersion",
                      "minimumRequiredLocalizedDataSemanticVersion",
                      "associatedComponent", "translationMetadata",
                      "supportedTaxonomies", "properties"}
    for r, run in enumerate(runs):
        w = f"runs[{r}]"
        if not check_keys(run, w, run_keys, required=("tool",)):
            continue
        check_enum(run, "columnKind", w, {"utf16CodeUnits", "unicodeCodePoints"})
        tool = run["tool"]
        if not check_keys(tool, f"{w}.tool", {"driver", "extensions", "properties"},
                          required=("driver",)):
            continue
        driver = tool["driver"]
        dw = f"{w}.tool.driver"
        rules = []
        if check_keys(driver, dw, component_keys, required=("name",)):
            check_str(driver, "name", dw, nonempty=True)
            check_str(driver, "version", dw)
            check_str(driver, "semanticVersion", dw)
            check_uri(driver, "informationUri", dw, absolute=True)
            if "rules" not in driver:
                problem(dw, "GitHub needs 'rules'")
            rules = check_array(driver, "rules", dw, unique=True)
            for i, rule in enumerate(rules):
                check_rule(rule, f"{dw}.rules[{i}]")
            rule_ids = [rule.get("id") for rule in rules if isinstance(rule, dict)]
            if len(set(rule_ids)) != len(rule_ids):
                problem(dw, f"rule ids are not unique: {rule_ids}")
        if "results" not in run:
            problem(w, "GitHub needs 'results' (it may be empty)")
        results = check_array(run, "results", w)
        rules = [rule for rule in rules if isinstance(rule, dict)]
        for i, result in enumerate(results):
            check_result(result, f"{w}.results[{i}]", rules)
        count += len(results)
    return count


def check_strings_encodable(value, where="sarifLog"):
    """A JSON escape can name a lone surrogate, which is not Unicode text."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problem(where, f"string with a lone surrogate: {value!r}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_strings_encodable(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings_encodable(key, where)
            check_strings_encodable(item, f"{where}.{key}")


def validate(path):
    """Prints the verdict on one file; returns whether it is valid."""
    del problems[:]
    raw = open(path, "rb").read()
    try:
        log = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        problem(path, f"not UTF-8: {e}")
    except ValueError as e:
        problem(path, f"not one JSON document: {e}")
    else:
        check_strings_encodable(log)
        count = check_log(log)
    for p in problems:
        print("sarif problem:", p)
    if problems:
        return False
    print(f"sarif: valid, {count} results")
    return True


def main():
    valid = [validate(path) for path in sys.argv[1:]]
    return 0 if valid and all(valid) else 1


if __name__ == "__main__":
    sys.exit(main())
