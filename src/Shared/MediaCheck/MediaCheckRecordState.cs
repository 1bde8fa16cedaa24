namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// A record's state as the stores index it, read from its result and delivery time (see <see cref="WeChatMediaCheckRecord"/>).
/// Compiled into each store package, as <see cref="MediaCheckRecordJsonContext"/> is.
/// </summary>
internal static class MediaCheckRecordState
{
    public const int Pending = 0;
    public const int Decided = 1;
    public const int Delivered = 2;

    public static int Of(WeChatMediaCheckRecord record) => record.IsPending ? Pending : record.IsDelivered ? Delivered : Decided;
}
