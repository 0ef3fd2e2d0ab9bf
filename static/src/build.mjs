// Builds static/build/: our CSS compiled from the NHS.UK frontend Sass, its JS and assets.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static", "build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "static", "src", "ellw.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "ellw.css"), result.css);
for (const name of ["nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"]) {
  cpSync(join(nhsuk, name), join(out, name));
}
cpSync(join(nhsuk, "assets"), join(out, "assets"), { recursive: true });
console.log("static/build: ellw.css, nhsuk-frontend.min.js, assets/");
