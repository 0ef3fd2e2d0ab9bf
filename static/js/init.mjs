import { initAll } from "../build/nhsuk-frontend.min.js";

initAll();
