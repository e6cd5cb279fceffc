import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const rawSqlMessage = "Build SQL only with tagged $queryRaw templates";

const eslintConfig = defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "Identifier[name=/^\\$(query|execute)RawUnsafe$/]", message: rawSqlMessage },
        { selector: "Literal[value=/^\\$(query|execute)RawUnsafe$/]", message: rawSqlMessage },
        { selector: "TemplateElement[value.raw=/^\\$(query|execute)RawUnsafe$/]", message: rawSqlMessage },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "lib/generated/**",
    ".data/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "blob-report/**",
  ]),
]);

export default eslintConfig;
