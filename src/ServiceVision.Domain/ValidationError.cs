namespace ServiceVision.Domain;

/// <summary>
/// A problem with one input field. <see cref="Field"/> is a camelCase JSON path
/// (for example <c>items[3].parentId</c>) so an HTTP API can return it unchanged as a
/// problem-details error.
/// </summary>
public sealed record ValidationError(string Field, string Message);
