#!/usr/bin/env python3
"""Holds generator/README.md's module dependency list to the CMake graph.

Each folder generator/<module>/ with a CMakeLists.txt is a module; its dependencies are the
bulletin targets its target_link_libraries name (PUBLIC and PRIVATE alike), each mapped
back to the folder that defines it. The README lists them between the markers
"<!-- module-dependencies" and "<!-- end module-dependencies -->", one line per module:
"name -> dep, dep" (nothing after the arrow for none; text in parentheses is a note).
Whatever modules exist are compared, so a module added later must be listed too.
Exits 1 naming every module and edge that differ. Usage: check_module_map.py [REPO_ROOT]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[2])
generator = root / "generator"
readme = generator / "README.md"


def strip_comments(text):
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def cmake_graph(problems):
    """module -> set of modules it links, from generator/*/CMakeLists.txt."""
    target_of = {}  # target name -> module folder
    links = {}  # module folder -> target names it links
    for cmake in sorted(generator.glob("*/CMakeLists.txt")):
        module = cmake.parent.name
        text = strip_comments(cmake.read_text())
        for m in re.finditer(r"add_(?:library|executable)\(\s*([\w-]+)", text):
            target_of[m.group(1)] = module
        deps = links.setdefault(module, set())
        for m in re.finditer(r"target_link_libraries\(\s*([\w-]+)([^)]*)\)", text):
            deps.update(re.findall(r"\bbulletin\w*", m.group(2)))
    graph = {}
    for module, targets in links.items():
        deps = set()
        for target in targets:
            if target not in target_of:
                problems.append(f"generator/{module}/CMakeLists.txt links {target}, which no "
                                "generator/*/CMakeLists.txt defines")
                continue
            if target_of[target] != module:
                deps.add(target_of[target])
        graph[module] = deps
    return graph


def readme_graph():
    text = readme.read_text()
    start = text.find("<!-- module-dependencies")
    end = text.find("<!-- end module-dependencies -->")
    if start < 0 or end < start:
        sys.exit("check_module_map: generator/README.md has no '<!-- module-dependencies' ... "
                 "'<!-- end module-dependencies -->' block")
    graph = {}
    for line in text[start:end].splitlines()[1:]:
        line = re.sub(r"\(.*?\)", "", line).strip()
        if not line:
            continue
        m = re.fullmatch(r"([\w-]+)\s*->\s*(.*)", line)
        if not m:
            sys.exit(f"check_module_map: generator/README.md: cannot read the map line '{line}'; "
                     "write 'module -> dep, dep'")
        deps = {d.strip() for d in m.group(2).split(",") if d.strip()}
        graph[m.group(1)] = deps
    return graph


def main():
    problems = []
    real, listed = cmake_graph(problems), readme_graph()
    for module in sorted(real.keys() - listed.keys()):
        problems.append(f"module '{module}' (generator/{module}/CMakeLists.txt) is missing from "
                        f"the map; add '{module} -> {', '.join(sorted(real[module]))}'")
    for module in sorted(listed.keys() - real.keys()):
        problems.append(f"the map lists module '{module}', but there is no "
                        f"generator/{module}/CMakeLists.txt")
    for module in sorted(real.keys() & listed.keys()):
        for dep in sorted(real[module] - listed[module]):
            problems.append(f"edge {module} -> {dep}: in generator/{module}/CMakeLists.txt "
                            "but not in the map")
        for dep in sorted(listed[module] - real[module]):
            problems.append(f"edge {module} -> {dep}: in the map but not in "
                            f"generator/{module}/CMakeLists.txt")
    if problems:
        for p in problems:
            print(f"check_module_map: generator/README.md: {p}")
        return 1
    edges = sum(len(d) for d in real.values())
    print(f"check_module_map: the map matches CMake ({len(real)} modules, {edges} edges)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
