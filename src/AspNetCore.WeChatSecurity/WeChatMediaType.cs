namespace AspNetCore.WeChatSecurity;

/// <summary>The kind of media sent to <c>media_check_async</c>.</summary>
public enum WeChatMediaType
{
    /// <summary>Audio (mp3, aac, ac3, wma, flac, vorbis, opus, wav).</summary>
    Audio = 1,

    /// <summary>An image (jpg, jpeg, png, bmp, gif: first frame).</summary>
    Image = 2,
}
