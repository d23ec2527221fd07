// exercises placeholder
