"""The airssys:lang-demo guest in Python, built with componentize-py.

componentize-py generates the `wit_world` package this file imports while it
builds the component (`crates/guests/build-lang.sh`);
`componentize-py -d wit/lang-demo -w lang-demo bindings DIR` writes it into
DIR for an editor.
"""

import time

from wit_world import exports
from wit_world.exports.demo import Person, Summary


class Demo(exports.Demo):
    """Implements the exported `demo` interface."""

    def greet(self, name: str) -> str:
        line = f"Hello, {name}!"
        print(line, flush=True)
        return line

    def shout_sorted(self, words: list[str]) -> list[str]:
        return sorted(word.upper() for word in words)

    def birthday(self, person: Person) -> Person:
        return Person(person.name, person.age + 1, person.tags + ["seen"])

    def summarize(self, people: list[Person]) -> Summary:
        return Summary(
            len(people),
            sum(p.age for p in people),
            [p.name for p in people],
        )

    def now_millis(self) -> int:
        ms = time.time_ns() // 1_000_000
        print(f"now {ms}", flush=True)
        return ms
