"""What a response's security headers and a page's inline code must look like."""

import re

REQUIRED_CSP = {"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'"}


def csp_problems(response) -> list[str]:
    """What is wrong with a response's headers (empty when all is well)."""
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    if "default-src" not in directives:
        problems.append("no CSP default-src")
    for name, value in REQUIRED_CSP.items():
        if directives.get(name) != [value]:
            problems.append(f"{name} is {directives.get(name)}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append("CSP allows unsafe-inline or unsafe-eval")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.headers.get("Referrer-Policy") != "no-referrer":
        problems.append("Referrer-Policy is not no-referrer")
    return problems


def inline_code(html: str) -> list[str]:
    """Scripts, styles and handlers the CSP would block (JSON data blocks are fine)."""
    found = [tag for tag in re.findall(r"<script\b[^>]*>", html)
             if "src=" not in tag and 'type="application/json"' not in tag]
    found += re.findall(r"<style\b", html)
    found += re.findall(r"\sstyle=[\"']", html)
    found += re.findall(r"\son[a-z]+=[\"']", html)
    return found
