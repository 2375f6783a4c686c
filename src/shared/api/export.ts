/** Export and template methods (PDF export, preview, template list). Filled by the PDF engine. */
export const exportMethods = {};
