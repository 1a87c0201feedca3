"""The Streamlit pages. Thin: they call the domain packages and show what comes back."""
