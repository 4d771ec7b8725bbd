using System.Collections;
using System.Reflection;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// LiteDB 5 closes its engine on an I/O error and may leave the failed transaction undisposed; that transaction's
/// finalizer later throws on the GC finalizer thread ("discarded page must be writable") and ends the process
/// (LiteDB #2828, fixed only in 6.x). The store takes such transactions off the finalizer queue before it lets go
/// of a failed engine. Reflection on LiteDB 5.0.x internals (LiteDatabase._engine, LiteEngine._monitor,
/// TransactionMonitor.Transactions); if they change, nothing is done.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1816", Justification = "Deliberately stops the finalizer of another library's object (LiteDB #2828).")]
internal static class AbandonedTransactions
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    public static int Forget(LiteDatabase database)
    {
        try
        {
            var engine = typeof(LiteDatabase).GetField("_engine", Private)?.GetValue(database);
            var monitor = engine?.GetType().GetField("_monitor", Private)?.GetValue(engine);
            var transactions = monitor?.GetType().GetProperty("Transactions", Private | BindingFlags.Public)?.GetValue(monitor) as IEnumerable;
            var count = 0;
            foreach (var transaction in transactions?.Cast<object>().ToList() ?? [])
            {
                GC.SuppressFinalize(transaction);
                count++;
            }
            return count;
        }
        catch (Exception ex) when (ex is TargetException or InvalidOperationException or MemberAccessException)
        {
            return 0;
        }
    }
}
