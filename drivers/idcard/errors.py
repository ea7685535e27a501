"""Typed ID-card reader errors: protocol, reader status words and card contents."""

from __future__ import annotations

from drivers.errors import DeviceError


class IdCardError(DeviceError):
    """Base of every ID-card reader fault."""

    code = "idcard_error"
    zh = "身份证读卡器故障"
    en = "ID card reader fault"


# Framing: the bytes on the wire were not a well-formed frame.


class FrameError(IdCardError):
    """Base of framing faults; the parser resynchronises after raising one."""

    code = "idcard_frame_error"
    zh = "读卡器数据帧错误"
    en = "Malformed frame from the ID card reader"


class FrameChecksumError(FrameError):
    code = "idcard_frame_checksum"
    zh = "读卡器数据校验错误"
    en = "Frame checksum mismatch"


class FrameLengthError(FrameError):
    code = "idcard_frame_length"
    zh = "读卡器数据长度错误"
    en = "Frame length out of range"


class TruncatedFrame(FrameError):
    code = "idcard_frame_truncated"
    zh = "读卡器数据不完整"
    en = "Frame cut short"


class UnexpectedReply(IdCardError):
    code = "idcard_unexpected_reply"
    zh = "读卡器应答不符合协议"
    en = "Reply does not fit the command"


# Status words (SW3) the SAM module answers with, one class per code.


class ReaderStatusError(IdCardError):
    """A reply whose SW3 is not a success code."""

    code = "idcard_status"
    sw3 = -1


class NoCard(ReaderStatusError):
    code = "idcard_no_card"
    zh = "请放置身份证"
    en = "No card on the reader"
    sw3 = 0x80


class SelectFailed(ReaderStatusError):
    code = "idcard_select_failed"
    zh = "选卡失败，请重新放置身份证"
    en = "Card select failed; place the card again"
    sw3 = 0x81


class CardReadFailed(ReaderStatusError):
    code = "idcard_read_failed"
    zh = "读卡失败，请重新放置身份证"
    en = "Card read failed; place the card again"
    sw3 = 0x41


class NoContent(ReaderStatusError):
    code = "idcard_no_content"
    zh = "证件中无此项内容"
    en = "The card holds no such item"
    sw3 = 0x91


class ReaderChecksumRejected(ReaderStatusError):
    code = "idcard_reader_checksum"
    zh = "读卡器收到的数据校验错误"
    en = "Reader rejected the command checksum"
    sw3 = 0x10


class ReaderLengthRejected(ReaderStatusError):
    code = "idcard_reader_length"
    zh = "读卡器收到的数据长度错误"
    en = "Reader rejected the command length"
    sw3 = 0x11


class ReaderBadCommand(ReaderStatusError):
    code = "idcard_bad_command"
    zh = "读卡器不支持该命令"
    en = "Reader does not know the command"
    sw3 = 0x21


class SamSelfTestFailed(ReaderStatusError):
    code = "idcard_sam_self_test"
    zh = "读卡器安全模块自检失败"
    en = "SAM module self-test failed"
    sw3 = 0x60


class UnknownStatus(ReaderStatusError):
    code = "idcard_unknown_status"
    zh = "读卡器返回未知状态"
    en = "Reader answered an unknown status"


STATUS_ERRORS: dict[int, type[ReaderStatusError]] = {
    cls.sw3: cls
    for cls in (
        NoCard,
        SelectFailed,
        CardReadFailed,
        NoContent,
        ReaderChecksumRejected,
        ReaderLengthRejected,
        ReaderBadCommand,
        SamSelfTestFailed,
    )
}


def status_error(sw3: int, detail: str = "") -> ReaderStatusError:
    """Return the typed error for a failing SW3 status byte."""
    cls = STATUS_ERRORS.get(sw3, UnknownStatus)
    error = cls(detail or f"SW3={sw3:02X}")
    error.sw3 = sw3
    return error


# Card contents: the text block did not hold a valid record.


class CardTextError(IdCardError):
    code = "idcard_text"
    zh = "身份证信息无法识别"
    en = "Card text could not be read"


class UnknownCardType(CardTextError):
    code = "idcard_unknown_type"
    zh = "不支持的证件类型"
    en = "Unsupported card type"


class InvalidIdNumber(CardTextError):
    code = "idcard_invalid_number"
    zh = "证件号码校验失败"
    en = "ID number check digit is wrong"


class PhotoDecoderUnavailable(IdCardError):
    code = "idcard_photo_decoder"
    zh = "无法加载照片解码库"
    en = "Photo decoder library could not be loaded"
