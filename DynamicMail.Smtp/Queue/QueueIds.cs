namespace DynamicMail.Smtp.Queue;

/// <summary>Time-ordered, unique, short queue ids (Crockford base32: 10 chars of milliseconds + 4 of sequence).</summary>
internal static class QueueIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static long _last;

    public static string Next(TimeProvider time)
    {
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds() << 20;
        long value;
        long last;
        do
        {
            last = Interlocked.Read(ref _last);
            value = Math.Max(ms, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, value, last) != last);
        return Encode(value);
    }

    private static string Encode(long value)
    {
        Span<char> chars = stackalloc char[14];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
