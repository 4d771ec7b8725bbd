using DynamicMail.Smtp.Domains;
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

    public Task<bool> AddAsync(CustomerDomain domain) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<CustomerDomain>(Domains);
            if (col.FindById(domain.Name) is not null || col.Exists(d => d.Slug == domain.Slug))
            {
                return false;
            }
            col.Insert(domain);
            return true;
        }, durable: true);

    public Task<DomainWrite> ReplaceAsync(CustomerDomain domain, Action<CustomerDomain> merge) =>
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
            return DomainWrite.Done;
        }, durable: true);

    public Task<CustomerDomain?> ChangeAsync(string name, Action<CustomerDomain> change) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<CustomerDomain>(Domains);
            var stored = col.FindById(name);
            if (stored is null)
            {
                return null;
            }
            change(stored);
            col.Update(stored);
            return stored;
        }, durable: true);

    /// <summary>
    /// Removes the domain and everything it owns in one commit (recipient list, learned refusals, transcripts, alert
    /// states and alerts, last connection), so a domain created again under the name starts empty. Its queue is empty by
    /// now (the caller returned it); the audit log is the operator's record and stays.
    /// </summary>
    public Task<bool> DeleteAsync(string name) =>
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
            return true;
        }, durable: true);

    /// <summary>Whether the domain exists, inside a write (for data that must not outlive it).</summary>
    public static bool Exists(LiteDatabase db, string name) => db.GetCollection<CustomerDomain>(Domains).FindById(name) is not null;
}
