namespace DynamicMail.Tests.TestSupport;

/// <summary>Reads a stream to its end, counting the bytes.</summary>
internal static class StreamCounting
{
    public static async Task<long> CopyToCountAsync(this Stream stream)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        return total;
    }
}
