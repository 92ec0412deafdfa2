"""The programme's curriculum as data: what ``load_curriculum`` (and ``seed_demo``) put in the
catalogue.

The topics are the ones the programme names (docs/programme.md): the core set is what makes an adult
*trained*; the 4T track (Digital Market – Digital Rural Area) is for small traders, farmers and
rural people; extra lessons are useful but do not count toward the target. Lessons are matched by
``code``, so loading twice never duplicates, and provincial staff may edit them afterwards.
``narration_vi`` is what the generated sample video says (a few seconds, see
``lessons.services.videos``); a real 30-minute video replaces it by upload.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.models import Track


@dataclass(frozen=True)
class CurriculumLesson:
    code: str
    track: str
    title_vi: str
    title_en: str
    summary_vi: str
    summary_en: str
    skill: str
    skill_en: str
    narration_vi: str


CURRICULUM: tuple[CurriculumLesson, ...] = (
    CurriculumLesson(
        code="vneid-dinh-danh",
        track=Track.CORE,
        title_vi="Cài đặt VNeID và kích hoạt định danh điện tử mức 2",
        title_en="Install VNeID and activate your level-2 digital ID",
        summary_vi=(
            "Tải ứng dụng VNeID từ kho ứng dụng, đăng nhập bằng số căn cước, kích hoạt tài khoản "
            "định danh điện tử mức 2 và tra cứu thông tin cá nhân, thông tin cư trú ngay trên "
            "điện thoại."
        ),
        summary_en=(
            "Download the VNeID app from the app store, sign in with your citizen ID number, "
            "activate your level-2 electronic identification account and look up your personal "
            "and residence information on your phone."
        ),
        skill="Định danh điện tử",
        skill_en="Digital identity",
        narration_vi="Hôm nay chúng ta cài ứng dụng VNeID và tra cứu thông tin cá nhân.",
    ),
    CurriculumLesson(
        code="dich-vu-cong",
        track=Track.CORE,
        title_vi="Làm thủ tục hành chính trên Cổng Dịch vụ công",
        title_en="Do administrative procedures on the Public Service Portal",
        summary_vi=(
            "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID, nộp hồ sơ trực tuyến như "
            "đăng ký khai sinh hay xác nhận cư trú, thanh toán lệ phí và theo dõi kết quả mà không "
            "phải xếp hàng."
        ),
        summary_en=(
            "Sign in to the National Public Service Portal with your VNeID account, file "
            "applications online such as a birth registration or proof of residence, pay the fee "
            "and follow the result without queueing."
        ),
        skill="Dịch vụ công trực tuyến",
        skill_en="Online public services",
        narration_vi="Nộp hồ sơ trên Cổng Dịch vụ công, không cần xếp hàng chờ đợi.",
    ),
    CurriculumLesson(
        code="thanh-toan-qr",
        track=Track.CORE,
        title_vi="Thanh toán điện tử và quét mã QR",
        title_en="Pay electronically and scan QR codes",
        summary_vi=(
            "Mở ứng dụng ngân hàng trên điện thoại, quét mã QR để trả tiền chợ, tiền điện nước, "
            "kiểm tra đúng tên người nhận và số tiền trước khi xác nhận."
        ),
        summary_en=(
            "Open your banking app, scan a QR code to pay at the market or settle electricity "
            "and water bills, and check the payee's name and the amount before confirming."
        ),
        skill="Thanh toán điện tử",
        skill_en="Electronic payment",
        narration_vi="Quét mã QR để trả tiền, nhớ kiểm tra tên người nhận và số tiền.",
    ),
    CurriculumLesson(
        code="phong-lua-dao",
        track=Track.CORE,
        title_vi="Nhận biết và phòng tránh lừa đảo trên mạng",
        title_en="Spot and avoid online scams",
        summary_vi=(
            "Nhận diện cuộc gọi giả danh công an, ngân hàng, tin nhắn trúng thưởng và đường link "
            "lạ; không bao giờ đọc mã OTP cho người khác; biết báo cho người thân và cơ quan chức "
            "năng khi nghi ngờ."
        ),
        summary_en=(
            "Recognise calls from fake police or bank staff, prize messages and strange links; "
            "never read a one-time code to anyone; know how to tell your family and the "
            "authorities when in doubt."
        ),
        skill="An toàn trên mạng",
        skill_en="Online safety",
        narration_vi="Không bao giờ đọc mã OTP cho người lạ. Khi nghi ngờ, hãy hỏi người thân.",
    ),
    CurriculumLesson(
        code="ket-noi-gia-dinh",
        track=Track.CORE,
        title_vi="Gọi video và giữ liên lạc với con cháu qua mạng xã hội",
        title_en="Video calls and keeping in touch with family on social networks",
        summary_vi=(
            "Gọi video qua Zalo, gửi ảnh và tin nhắn thoại cho con cháu ở xa, tham gia nhóm gia "
            "đình và cài đặt quyền riêng tư cho tài khoản của mình."
        ),
        summary_en=(
            "Make video calls on Zalo, send photos and voice messages to children and "
            "grandchildren far away, join the family group and set the privacy of your account."
        ),
        skill="Kết nối gia đình",
        skill_en="Staying in touch with family",
        narration_vi="Gọi video cho con cháu ở xa chỉ với vài thao tác trên điện thoại.",
    ),
    CurriculumLesson(
        code="chu-ky-so",
        track=Track.EXTRA,
        title_vi="Ký số văn bản trên điện thoại",
        title_en="Sign documents digitally on your phone",
        summary_vi=(
            "Hiểu chữ ký số là gì, đăng ký chữ ký số từ xa trên điện thoại và ký tờ khai, hồ sơ "
            "dịch vụ công mà không cần in giấy."
        ),
        summary_en=(
            "Understand what a digital signature is, register a remote signature on your phone "
            "and sign forms and public-service applications without printing them."
        ),
        skill="Chữ ký số",
        skill_en="Digital signature",
        narration_vi="Chữ ký số giúp bạn ký hồ sơ ngay trên điện thoại, không cần in giấy.",
    ),
    CurriculumLesson(
        code="gia-nong-san",
        track=Track.EXTRA,
        title_vi="Tra cứu giá nông sản trên điện thoại",
        title_en="Look up agricultural prices on your phone",
        summary_vi=(
            "Tìm giá cà phê, tiêu, cao su, rau củ hằng ngày trên các trang tin và ứng dụng "
            "đáng tin cậy, so sánh giá giữa các chợ đầu mối trước khi bán."
        ),
        summary_en=(
            "Find the daily prices of coffee, pepper, rubber and vegetables on trusted news sites "
            "and apps, and compare wholesale markets before you sell."
        ),
        skill="Thông tin thị trường",
        skill_en="Market information",
        narration_vi="Xem giá nông sản hôm nay trước khi bán, ngay trên điện thoại.",
    ),
    CurriculumLesson(
        code="tro-cap-vi-dien-tu",
        track=Track.EXTRA,
        title_vi="Nhận trợ cấp, an sinh xã hội qua ví điện tử",
        title_en="Receive subsidies and social benefits by e-wallet",
        summary_vi=(
            "Mở ví điện tử hoặc tài khoản ngân hàng chính chủ, liên kết với số căn cước để nhận "
            "lương hưu, trợ cấp xã hội và kiểm tra lịch sử giao dịch."
        ),
        summary_en=(
            "Open an e-wallet or a bank account in your own name, link it to your citizen ID to "
            "receive pensions and social benefits, and check the transaction history."
        ),
        skill="Ví điện tử",
        skill_en="E-wallets",
        narration_vi="Nhận tiền trợ cấp vào ví điện tử của chính mình, nhanh và an toàn.",
    ),
    CurriculumLesson(
        code="4t-tieu-thuong",
        track=Track.FOUR_T,
        title_vi="Tiểu thương số: đưa sạp hàng lên mạng",
        title_en="Digital small traders: put your stall online",
        summary_vi=(
            "Chụp ảnh sản phẩm, đăng bán trên Zalo và Facebook, trả lời khách nhắn tin và nhận đơn "
            "hàng đặt trước cho sạp hàng ở chợ."
        ),
        summary_en=(
            "Photograph your products, sell them on Zalo and Facebook, answer customers' "
            "messages and take advance orders for your market stall."
        ),
        skill="Bán hàng trên mạng xã hội",
        skill_en="Selling on social networks",
        narration_vi="Đưa sạp hàng ở chợ lên mạng để khách đặt hàng trước.",
    ),
    CurriculumLesson(
        code="4t-thuong-mai-dien-tu",
        track=Track.FOUR_T,
        title_vi="Bán nông sản trên sàn thương mại điện tử",
        title_en="Sell farm produce on e-commerce platforms",
        summary_vi=(
            "Mở gian hàng trên sàn thương mại điện tử, đặt giá, đóng gói và giao hàng qua đơn vị "
            "vận chuyển, giữ uy tín bằng đánh giá của khách."
        ),
        summary_en=(
            "Open a shop on an e-commerce platform, set prices, pack and ship through a courier, "
            "and build trust with customer reviews."
        ),
        skill="Thương mại điện tử",
        skill_en="E-commerce",
        narration_vi="Mở gian hàng trên sàn thương mại điện tử để bán nông sản khắp cả nước.",
    ),
    CurriculumLesson(
        code="4t-khong-tien-mat",
        track=Track.FOUR_T,
        title_vi="Nhận thanh toán không dùng tiền mặt tại sạp hàng",
        title_en="Take cashless payments at your stall",
        summary_vi=(
            "Tạo mã QR nhận tiền của ngân hàng, in và dán tại sạp, bật thông báo biến động số dư "
            "để biết ngay khi khách đã chuyển khoản."
        ),
        summary_en=(
            "Create your bank's payment QR code, print it and put it up at the stall, and turn on "
            "balance alerts to know at once when a customer has paid."
        ),
        skill="Thanh toán không dùng tiền mặt",
        skill_en="Cashless payment",
        narration_vi="Dán mã QR tại sạp hàng và bật thông báo để biết khách đã trả tiền.",
    ),
    CurriculumLesson(
        code="4t-tiet-kiem-so",
        track=Track.FOUR_T,
        title_vi="Tiết kiệm số: gửi tiết kiệm trực tuyến",
        title_en="Digital savings: save money online",
        summary_vi=(
            "Mở sổ tiết kiệm trực tuyến trong ứng dụng ngân hàng, chọn kỳ hạn, xem lãi suất và "
            "rút tiền khi cần, an toàn hơn giữ tiền mặt trong nhà."
        ),
        summary_en=(
            "Open an online savings account in your banking app, choose a term, check the "
            "interest rate and withdraw when needed, safer than keeping cash at home."
        ),
        skill="Tiết kiệm số",
        skill_en="Digital savings",
        narration_vi="Gửi tiết kiệm ngay trong ứng dụng ngân hàng, an toàn hơn giữ tiền mặt.",
    ),
)


def curriculum_by_code() -> dict[str, CurriculumLesson]:
    return {lesson.code: lesson for lesson in CURRICULUM}
