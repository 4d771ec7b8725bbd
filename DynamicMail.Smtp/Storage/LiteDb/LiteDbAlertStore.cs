using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Alert states in "alert_states" (id: domain and condition) and sent alerts in "alerts" (newest 100 per domain),
/// written through the single writer; an alert's e-mail goes into the outbox in the same commit.
/// </summary>
internal sealed class LiteDbAlertStore : IAlertStore
{
    private const string States = "alert_states";
    private const string Alerts = "alerts";
    private const int Keep = 100;
    private readonly LiteDbStore _store;

    public LiteDbAlertStore(LiteDbStore store)
    {
        _store = store;
        store.Database.GetCollection(Alerts).EnsureIndex("domain");
    }

    /// <summary>Drops the domain's alert states and sent alerts, inside the domain's delete.</summary>
    public static void ForgetDomain(LiteDatabase db, string domain)
    {
        db.GetCollection(States).DeleteMany(Param.Eq("domain", domain));
        db.GetCollection(Alerts).DeleteMany(Param.Eq("domain", domain));
    }

    public Task<IReadOnlyList<AlertState>> StatesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertState>>(_store.Database.GetCollection(States).FindAll().Select(ToState).ToList());

    public Task<bool> TryRecordAsync(AlertRecord alert, DateTime notSentSince, OutboundMessage? email) =>
        _store.WriteAsync(db =>
        {
            var states = db.GetCollection(States);
            if (states.FindById(StateId(alert.Domain, alert.Kind)) is { } s && (s["active"].AsBoolean || Time(s["lastSentAt"]) > notSentSince))
            {
                return false;
            }
            states.Upsert(new BsonDocument
            {
                ["_id"] = StateId(alert.Domain, alert.Kind), ["domain"] = alert.Domain, ["kind"] = alert.Kind.ToString(),
                ["active"] = true, ["lastSentAt"] = alert.At.ToUniversalTime().Ticks,
            });
            var alerts = db.GetCollection(Alerts);
            alerts.Insert(ToDocument(alert));
            foreach (var old in alerts.Find(Param.Eq("domain", alert.Domain)).OrderByDescending(d => d["at"].AsInt64).Skip(Keep).ToList())
            {
                alerts.Delete(old["_id"]);
            }
            if (email is not null)
            {
                LiteDbOutbox.Insert(db, email);
            }
            return true;
        }, durable: true);

    public Task ClearAsync(string domain, AlertKind kind) =>
        _store.WriteAsync(db =>
        {
            var states = db.GetCollection(States);
            if (states.FindById(StateId(domain, kind)) is { } s)
            {
                s["active"] = false;
                states.Update(s);
            }
        }, durable: true);

    public Task NoteWebhookAsync(string domain, string alertId, string result) =>
        _store.WriteAsync(db =>
        {
            var alerts = db.GetCollection(Alerts);
            if (alerts.FindById(alertId) is { } a)
            {
                a["webhook"] = result;
                alerts.Update(a);
            }
        }, durable: true);

    public Task<IReadOnlyList<AlertRecord>> HistoryAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRecord>>(_store.Database.GetCollection(Alerts).Find(Param.Eq("domain", domain))
            .OrderByDescending(d => d["at"].AsInt64).Select(ToRecord).ToList());

    private static string StateId(string domain, AlertKind kind) => domain + "\n" + kind;

    private static DateTime Time(BsonValue ticks) => new(ticks.AsInt64, DateTimeKind.Utc);

    private static string? Text(BsonValue value) => value.IsNull ? null : value.AsString;

    private static AlertState ToState(BsonDocument d) =>
        new(d["domain"].AsString, Enum.Parse<AlertKind>(d["kind"].AsString), d["active"].AsBoolean, Time(d["lastSentAt"]));

    private static BsonDocument ToDocument(AlertRecord a) => new()
    {
        ["_id"] = a.Id, ["domain"] = a.Domain, ["kind"] = a.Kind.ToString(), ["at"] = a.At.ToUniversalTime().Ticks,
        ["subject"] = a.Subject, ["text"] = a.Text, ["emailedTo"] = a.EmailedTo, ["emailNote"] = a.EmailNote, ["webhook"] = a.Webhook,
    };

    private static AlertRecord ToRecord(BsonDocument d) => new(d["_id"].AsString, d["domain"].AsString, Enum.Parse<AlertKind>(d["kind"].AsString),
        Time(d["at"]), d["subject"].AsString, d["text"].AsString, Text(d["emailedTo"]), Text(d["emailNote"]), Text(d["webhook"]));
}
