using ServiceVision.Contracts;

namespace ServiceVision.Messaging.Tests;

// Test-only message contracts; the relay learns them with AddMessageContracts(typeof(Pinged).Assembly).

/// <summary>A grain was pinged.</summary>
public sealed record Pinged(string OrganizationId, string Text) : ITenantMessage;

/// <summary>Points were awarded: adding them twice would be wrong, so its consumer dedupes.</summary>
public sealed record PointsAwarded(string OrganizationId, int Points) : ITenantMessage;

/// <summary>Its consumer always throws.</summary>
public sealed record Doomed(string OrganizationId) : ITenantMessage;
