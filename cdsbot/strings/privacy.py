"""What stands in for personal data masked out of a stored question."""

PHONE = "[số điện thoại]"
ID_NUMBER = "[số giấy tờ]"
NUMBER = "[dãy số]"
