namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>What came of an upload's attempt to join the pending check of the same media.</summary>
internal enum PendingJoin
{
    /// <summary>The upload is one of the check's correlation ids now (or was already).</summary>
    Joined,

    /// <summary>The check changed meanwhile (decided, or joined by another upload first): look it up again.</summary>
    Changed,

    /// <summary>The check holds <see cref="WeChatMediaCheckOptions.MaxUploadsPerCheck"/> uploads: submit the media afresh.</summary>
    Full,
}
