// The airssys:lang-demo guest in JavaScript, built with componentize-js.
// Records are plain objects with camelCase fields; lists are arrays; u64 is
// a BigInt.

/** Implements the exported `demo` interface. */
export const demo = {
  greet(name) {
    const line = `Hello, ${name}!`;
    console.log(line);
    return line;
  },

  shoutSorted(words) {
    return words.map((w) => w.toUpperCase()).sort();
  },

  birthday(person) {
    return { name: person.name, age: person.age + 1, tags: [...person.tags, "seen"] };
  },

  summarize(people) {
    return {
      count: people.length,
      totalAge: people.reduce((sum, p) => sum + p.age, 0),
      names: people.map((p) => p.name),
    };
  },

  nowMillis() {
    const ms = BigInt(Date.now());
    console.log(`now ${ms}`);
    return ms;
  },
};
