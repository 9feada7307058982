/**
 * The Python program that summarises Feast definitions. It reads
 * `{"files": [{"path", "source"}]}` as JSON on stdin, parses each source with
 * `ast.parse` (which never runs it), and prints one JSON summary per file:
 * imports, Entity(...) and *Source(...) definitions and every *FeatureView(...)
 * call with the arguments the checks need. Arguments are read from literals
 * only; anything else is reported as its source text.
 *
 * It is a constant: file contents only ever reach Python through stdin.
 */
export const SUMMARY_SCRIPT = String.raw`
import ast
import json
import keyword
import math
import sys

UNITS = {
    "days": 86400.0,
    "seconds": 1.0,
    "microseconds": 1e-6,
    "milliseconds": 1e-3,
    "minutes": 60.0,
    "hours": 3600.0,
    "weeks": 604800.0,
}
POSITIONAL_UNITS = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]


def text(node):
    try:
        return ast.unparse(node)
    except Exception:
        return type(node).__name__


def callee(call):
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def kwarg(call, name):
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def string(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def number(node):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        value = float(node.value)
        return value if math.isfinite(value) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = number(node.operand)
        if value is None:
            return None
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left, right = number(node.left), number(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            value = left + right
        elif isinstance(node.op, ast.Sub):
            value = left - right
        else:
            value = left * right
        return value if math.isfinite(value) else None
    return None


def object_name(call):
    node = kwarg(call, "name")
    if node is None and call.args:
        node = call.args[0]
    return string(node) if node is not None else None


def reference(node):
    value = string(node)
    if value is not None:
        return {"kind": "string", "value": value}
    if isinstance(node, ast.Name):
        return {"kind": "variable", "name": node.id}
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return {"kind": "attribute", "object": node.value.id, "name": node.attr}
    if isinstance(node, ast.Call):
        return {"kind": "call", "callee": callee(node), "name": object_name(node), "text": text(node)}
    return {"kind": "expression", "text": text(node)}


def dtype(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        outer, inner = dtype(node.func), dtype(node.args[0])
        if outer and inner:
            return outer + "(" + inner + ")"
    return None


def field(node):
    if isinstance(node, ast.Call) and callee(node) in ("Field", "Feature"):
        name = object_name(node)
        dtype_node = kwarg(node, "dtype")
        if dtype_node is None and len(node.args) > 1:
            dtype_node = node.args[1]
        return {
            "line": node.lineno,
            "name": name,
            "isIdentifier": name is not None and name.isidentifier() and not keyword.iskeyword(name),
            "dtype": dtype(dtype_node) if dtype_node is not None else None,
            "dtypeText": text(dtype_node) if dtype_node is not None else None,
        }
    return {"line": getattr(node, "lineno", None), "expression": text(node)}


def duration(node):
    if node is None:
        return {"kind": "missing"}
    if isinstance(node, ast.Constant) and node.value is None:
        return {"kind": "none"}
    unknown = {"kind": "expression", "text": text(node)}
    if not (isinstance(node, ast.Call) and callee(node) == "timedelta"):
        return unknown
    if len(node.args) > len(POSITIONAL_UNITS):
        return unknown
    total = 0.0
    pairs = list(zip(POSITIONAL_UNITS, node.args)) + [(k.arg, k.value) for k in node.keywords]
    for unit, value_node in pairs:
        value = number(value_node)
        if unit not in UNITS or value is None:
            return unknown
        total += value * UNITS[unit]
    if not math.isfinite(total):
        return unknown
    return {"kind": "timedelta", "seconds": total, "text": text(node)}


def flag(node):
    if node is None:
        return {"kind": "missing"}
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return {"kind": "bool", "value": node.value}
    return {"kind": "expression", "text": text(node)}


def feature_view(call, kind, variables):
    entities = kwarg(call, "entities")
    schema = kwarg(call, "schema")
    source = kwarg(call, "source")
    name_node = kwarg(call, "name")
    return {
        "callee": kind,
        "line": call.lineno,
        "variables": variables,
        "name": object_name(call),
        "nameText": text(name_node) if name_node is not None else None,
        "entities": None if entities is None else (
            [reference(e) for e in entities.elts]
            if isinstance(entities, (ast.List, ast.Tuple))
            else {"kind": "expression", "text": text(entities)}
        ),
        "schema": None if schema is None else (
            [field(f) for f in schema.elts]
            if isinstance(schema, (ast.List, ast.Tuple))
            else {"kind": "expression", "text": text(schema)}
        ),
        "source": None if source is None else reference(source),
        "ttl": duration(kwarg(call, "ttl")),
        "online": flag(kwarg(call, "online")),
    }


def summarise(path, source):
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        return {"path": path, "syntaxError": {"line": e.lineno, "column": e.offset, "message": e.msg}}
    except (ValueError, RecursionError, MemoryError) as e:
        return {"path": path, "syntaxError": {"line": None, "column": None, "message": str(e) or type(e).__name__}}
    summary = {"path": path, "imports": [], "entities": [], "sources": [], "featureViews": []}
    assigned = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                summary["imports"].append({
                    "local": alias.asname or alias.name,
                    "module": statement.module,
                    "name": alias.name,
                    "level": statement.level,
                })
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                summary["imports"].append({
                    "local": alias.asname or alias.name.split(".")[0],
                    "module": alias.name if alias.asname else alias.name.split(".")[0],
                    "name": None,
                    "level": 0,
                })
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and isinstance(statement.value, ast.Call):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            assigned[id(statement.value)] = [t.id for t in targets if isinstance(t, ast.Name)]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kind = callee(node)
        if not kind:
            continue
        variables = assigned.get(id(node), [])
        if kind == "Entity":
            summary["entities"].append({"line": node.lineno, "variables": variables, "name": object_name(node)})
        elif kind.endswith("Source"):
            summary["sources"].append({"line": node.lineno, "variables": variables, "name": object_name(node), "callee": kind})
        elif kind.endswith("FeatureView"):
            summary["featureViews"].append(feature_view(node, kind, variables))
    return summary


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    files = []
    for item in request["files"]:
        try:
            files.append(summarise(item["path"], item["source"]))
        except Exception as e:
            files.append({"path": item["path"], "error": type(e).__name__ + ": " + str(e)})
    sys.stdout.write(json.dumps({"python": sys.version.split()[0], "files": files}))


main()
`;
