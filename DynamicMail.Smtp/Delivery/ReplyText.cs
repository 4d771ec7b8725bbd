namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// What is kept and shown of a remote server's reply (stored last reply, status board, live feed, DSN): at most
/// <see cref="MaxKept"/> characters, so a hostile server cannot make every copy of its reply cost megabytes.
/// </summary>
internal static class ReplyText
{
    public const int MaxKept = 1024;

    public static string Shorten(string? text) => Shorten(text, MaxKept);

    public static string Shorten(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
