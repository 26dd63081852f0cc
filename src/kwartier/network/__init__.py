"""Network mapping: the ecogram around a resident, its indicators and its drawing."""
