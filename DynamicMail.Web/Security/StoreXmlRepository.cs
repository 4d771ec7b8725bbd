using System.Xml.Linq;
using DynamicMail.Smtp.Operators;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DynamicMail.Web.Security;

/// <summary>
/// The Data Protection key ring in the shared store, so every node reads the keys any node made: a cookie issued by
/// one node is accepted by the others, and an ODMR secret protected by one is read by all. The key manager calls
/// these synchronously, rarely (start-up, key creation, every ~24 h), and caches the result.
/// </summary>
internal sealed class StoreXmlRepository(IKeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.AllAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
