// Chart fills as plain colours: recharts paints SVG attributes, and Tailwind
// only emits the CSS variables that some class uses. Each series also has a
// label in the legend and the text summary, so colour never carries meaning alone.
export const chartColors = {
  budget: "#94a3b8",
  spent: "#0f766e",
  overspent: "#b91c1c",
  accepted: "#059669",
  declined: "#6b7280",
  pending: "#f59e0b",
} as const;
