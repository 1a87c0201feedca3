"""Print-ready materials: leaflets and posters with tear-off strips and pocket cards, as PDF."""
