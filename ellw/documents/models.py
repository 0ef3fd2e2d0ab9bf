"""Generated documents (certificate and report PDFs) are recorded here by later issues."""
