def recognise(text, language):
    return []
