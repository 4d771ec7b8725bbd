using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>Domains in the "domains" collection (id: the name; unique index: the slug), written through the single writer.</summary>
internal sealed class LiteDbDomainStore : IDomainStore
{
    private const string Domains = "domains";
    private readonly LiteDbStore _store;

    public LiteDbDomainStore(LiteDbStore store)
    {
        _store = store;
        store.Database.GetCollection<CustomerDomain>(Domains).EnsureIndex(d => d.Slug, unique: true);
    }

    public Task<IReadOnlyList<CustomerDomain>> AllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CustomerDomain>>(_store.Database.GetCollection<CustomerDomain>(Domains).FindAll().ToList());

    public Task<bool> AddAsync(CustomerDomain domain, AuditEntry? audit = null) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<CustomerDomain>(Domains);
            if (col.FindById(domain.Name) is not null || col.Exists(d => d.Slug == domain.Slug))
            {
                return false;
            }
            col.Insert(domain);
            Audit(db, audit);
            return true;
        }, durable: true);

    public Task<DomainWrite> ReplaceAsync(CustomerDomain domain, Action<CustomerDomain> merge, AuditEntry? audit = null) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<CustomerDomain>(Domains);
            var stored = col.FindById(domain.Name);
            if (stored is null)
            {
                return DomainWrite.NotFound;
            }
            if (col.Exists(d => d.Slug == domain.Slug && d.Name != domain.Name))
            {
                return DomainWrite.SlugTaken;
            }
            merge(stored);
            col.Update(domain);
            Audit(db, audit);
            return DomainWrite.Done;
        }, durable: true);

    public Task<CustomerDomain?> ChangeAsync(string name, Func<CustomerDomain, AuditEntry?> change) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<CustomerDomain>(Domains);
            var stored = col.FindById(name);
            if (stored is null)
            {
                return null;
            }
            var audit = change(stored);
            col.Update(stored);
            Audit(db, audit);
            return stored;
        }, durable: true);

    /// <summary>
    /// Removes the domain and everything it owns in one commit (recipient list, learned refusals, transcripts, alert
    /// states and alerts, last connection), so a domain created again under the name starts empty. Its queue is empty by
    /// now (the caller returned it); the audit log is the operator's record and stays.
    /// </summary>
    public Task<bool> DeleteAsync(string name, AuditEntry? audit = null) =>
        _store.WriteAsync(db =>
        {
            if (!db.GetCollection<CustomerDomain>(Domains).Delete(name))
            {
                return false;
            }
            LiteDbRecipientListStore.ForgetDomain(db, name);
            LiteDbTranscriptLog.ForgetDomain(db, name);
            LiteDbAlertStore.ForgetDomain(db, name);
            LiteDbActivityHistory.ForgetDomain(db, name);
            Audit(db, audit);
            return true;
        }, durable: true);

    private static void Audit(LiteDatabase db, AuditEntry? audit)
    {
        if (audit is not null)
        {
            LiteDbAuditLog.Insert(db, audit);
        }
    }

    /// <summary>Whether the domain exists, inside a write (for data that must not outlive it).</summary>
    public static bool Exists(LiteDatabase db, string name) => db.GetCollection<CustomerDomain>(Domains).FindById(name) is not null;
}
