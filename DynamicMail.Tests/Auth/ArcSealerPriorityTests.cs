using System.Globalization;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Auth;

/// <summary>The background sealer's thread runs at nice 19 by default: its signatures only use CPU nothing else wants.</summary>
public sealed class ArcSealerPriorityTests : SenderAuthTest
{
    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?> { ["DynamicMail:Auth:SealerNice"] = "19" };

    [Fact]
    public async Task SealerThread_RunsAtNice19()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread nice values are a Linux feature");
        await Wait.Until(() => SealerNice() == 19, "the arc-seal thread at nice 19");
    }

    /// <summary>The nice value of this process's thread named arc-seal (field 19 of /proc/self/task/TID/stat), or null.</summary>
    private static int? SealerNice()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != "arc-seal")
                {
                    continue;
                }
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[16], CultureInfo.InvariantCulture); // field 19 overall; fields here start at 3
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }
        return null;
    }
}
