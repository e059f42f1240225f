"""Why an invitation to report cannot be used (the invitee reads it)."""

NOT_FOUND = "Lời mời không tồn tại hoặc đã bị thu hồi."
USED = "Lời mời này đã được dùng. Mỗi lời mời chỉ dùng một lần."
USED_BY_YOU = ("Bạn đã dùng lời mời này rồi và đang có quyền báo cáo cho đơn vị trong lời mời: gõ "
               "/baocao để báo cáo, /tiendo để xem tiến độ.")
EXPIRED = "Lời mời đã hết hạn. Hãy xin quản trị viên lời mời mới."
ALREADY_HELD = ("Bạn đã có quyền này rồi, nên lời mời chưa được dùng: quản trị viên có thể "
                "gửi nó cho người khác.")
