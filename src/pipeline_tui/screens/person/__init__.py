"""The person screen: one person's whole story (contact, consent, applications, pools, files, timeline), the
find-anyone dialog that reaches it from anywhere, and its dialogs."""
