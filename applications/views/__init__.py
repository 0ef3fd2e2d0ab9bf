"""Application screens, one module per part of the journey (as services/ and selectors/);
the applicant's, the clinical director's and the SP managers' screens of a part together."""
