"""Application forms, one module per part of the journey (as views/ and services/)."""
