namespace DynamicMail.Bench;

/// <summary>What a scenario collects: rows for the table, samples and notes for the report.</summary>
internal sealed class Run
{
    public List<Row> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>DynamicMail first on even repetitions, Postfix first on odd ones.</summary>
    public static async Task AlternateAsync(int rep, Func<Task> dynamicMail, Func<Task> postfix)
    {
        if (rep % 2 == 0) { await dynamicMail(); await postfix(); }
        else { await postfix(); await dynamicMail(); }
    }
}
