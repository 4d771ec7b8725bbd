using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Delivery;

/// <summary>A message every recipient of which was refused with the same reply, held back by <see cref="RejectionStreak"/>.</summary>
internal sealed record HeldRefusal(string Owner, QueuedMessage Message, IReadOnlyList<DeliveryOutcome> Outcomes);
