from bot.privacy import redact_contacts


def test_emails_and_phone_numbers_are_replaced():
    text = "mail me at jane.doe+back@example.co.uk or call (555) 123-4567 / +44 20 7946 0958"
    assert redact_contacts(text) == "mail me at [email] or call [phone] / [phone]"


def test_ordinary_numbers_ids_and_postcodes_stay():
    text = "pain for 3 weeks, 2 discs, trial NCT04849429 near 10001, aged 45, 10/10 pain"
    assert redact_contacts(text) == text
