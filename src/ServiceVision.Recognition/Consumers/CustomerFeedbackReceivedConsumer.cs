using MassTransit;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Domain.Recognition;
using ServiceVision.Grains;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Recognition.Abstractions;

namespace ServiceVision.Recognition.Consumers;

/// <summary>
/// A customer's comment that names a member by their full name (<see cref="MemberMentions.Find"/>)
/// proposes a recognition of that member to the leaders. Idempotent: the proposals grain keeps one
/// proposal per response and member.
/// </summary>
public sealed class CustomerFeedbackReceivedConsumer(IGrainFactory grains) : IConsumer<CustomerFeedbackReceived>
{
    public async Task Consume(ConsumeContext<CustomerFeedbackReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feedback = context.Message;
        if (string.IsNullOrWhiteSpace(feedback.Comment) || string.IsNullOrWhiteSpace(feedback.ResponseId))
        {
            return;
        }

        var members = await grains.GetGrain<IOrganizationGrain>(feedback.OrganizationId).ListMembers();
        var named = MemberMentions.Find(feedback.Comment, members.Select(m => new NamedMember(m.Id, m.Name)));
        if (named.Count > 0)
        {
            await grains.GetGrain<IRecognitionProposalsGrain>(RecognitionKeys.Proposals(feedback.OrganizationId)).ProposeFromFeedback(feedback, named);
        }
    }
}

/// <summary>Endpoint "recognition-customer-feedback-received"; retries as configured for every endpoint.</summary>
public sealed class CustomerFeedbackReceivedConsumerDefinition : ConsumerDefinition<CustomerFeedbackReceivedConsumer>
{
    public CustomerFeedbackReceivedConsumerDefinition()
    {
        EndpointName = "recognition-customer-feedback-received";
        ConcurrentMessageLimit = 4;
    }
}
