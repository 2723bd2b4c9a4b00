namespace ServiceVision.Contracts;

/// <summary>
/// Every message contract implements this: a message always belongs to exactly one organization
/// (tenant). The bus stamps <see cref="OrganizationId"/> into the <c>sv-organization-id</c> header
/// when the message is published or sent, and a consumer refuses a message whose header is missing
/// or names another organization than the body; the consumer then runs in that organization's
/// tenant context.
/// </summary>
/// <remarks>
/// Contracts are records (immutable, value equality) in a versioned namespace
/// (<c>ServiceVision.Contracts.V1</c>). Events are past-tense nouns (<c>VisionPublished</c>),
/// commands are verbs (<c>AssignTraining</c>). A contract's stable name is its full type name (see
/// <see cref="ContractTypes"/>), so renaming or moving a contract is a breaking change: add a new
/// version instead.
/// </remarks>
public interface ITenantMessage
{
    /// <summary>The organization the message belongs to; never empty.</summary>
    string OrganizationId { get; }
}
