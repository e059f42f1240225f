"""Why an invitation to report cannot be used (the invitee reads it)."""

NOT_FOUND = "Lời mời không tồn tại hoặc đã bị thu hồi."
USED = "Lời mời này đã được dùng. Mỗi lời mời chỉ dùng một lần."
EXPIRED = "Lời mời đã hết hạn. Hãy xin quản trị viên lời mời mới."
ALREADY_HELD = ("Bạn đã có quyền này rồi, nên lời mời chưa được dùng: quản trị viên có thể "
                "gửi nó cho người khác.")
