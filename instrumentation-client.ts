import { z } from "zod";

// Runs in the browser before any of our modules. Zod compiles object parsers
// with `new Function` when it may, and finds out by trying once; under our CSP
// (no 'unsafe-eval') that try is refused and reported as a violation on every
// page with a form. Interpreted parsing is plenty fast for forms.
z.config({ jitless: true });
