"""Offers on screen: the offer form and the approval dialog (pushed from the person screen and the board)."""
