import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's own ESLint configuration refuses string-built SQL: every way of
// reaching $queryRawUnsafe / $executeRawUnsafe is an error, while the tagged
// templates stay allowed. Linted as a file inside lib/, where the rule applies.

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });
const FILE = path.resolve(import.meta.dirname, "lint-fixture.ts");

async function rawSqlErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: FILE });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "no-restricted-syntax" && message.severity === 2)
    .map((message) => message.message);
}

const PRELUDE = "declare const prisma: any;\ndeclare const name: string;\n";

describe("the raw-SQL lint rule", () => {
  it.each([
    ["a call", "prisma.$queryRawUnsafe(`SELECT * FROM guest WHERE full_name = '${name}'`);"],
    ["an execute call", "prisma.$executeRawUnsafe('DELETE FROM guest WHERE full_name = ' + name);"],
    ["a computed member", 'prisma["$queryRawUnsafe"]("SELECT 1");'],
    ["a template-literal member", "prisma[`$executeRawUnsafe`]('SELECT 1');"],
    ["a destructured method", "const { $queryRawUnsafe } = prisma; void $queryRawUnsafe;"],
  ])("fires on %s", async (_, code) => {
    const errors = await rawSqlErrors(`${PRELUDE}export async function f() {\n  ${code}\n}\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBe("Build SQL only with tagged $queryRaw templates");
  });

  it("lets the tagged templates through", async () => {
    const code = `${PRELUDE}export async function f() {
  await prisma.$queryRaw\`SELECT * FROM guest WHERE full_name = \${name}\`;
  await prisma.$executeRaw\`DELETE FROM guest WHERE full_name = \${name}\`;
}
`;
    expect(await rawSqlErrors(code)).toEqual([]);
  });
});
