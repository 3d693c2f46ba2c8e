using FluentValidation;

namespace BackCare.Api.Assessments;

public static class AssessmentServices
{
    /// <summary>The request's validator and the triage meter.</summary>
    public static IServiceCollection AddAssessments(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<AssessmentValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<TriageMetrics>();
        return services;
    }
}
