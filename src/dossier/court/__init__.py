"""The court: the injonction de payer bundle (request, list of exhibits), PDF merging and stamping."""
