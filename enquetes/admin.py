from django.contrib import admin

from comptes.audit import AuditedModelAdmin

from .models import Choix, Enquete, Invitation, Participation, Question, Reponse, Section, Theme


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["ordre", "code", "libelle", "type", "obligatoire", "segment"]


@admin.register(Enquete)
class EnqueteAdmin(AuditedModelAdmin):
    list_display = ["titre", "organisation", "statut", "cree_le"]
    list_filter = ["statut", "organisation"]
    search_fields = ["titre"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(AuditedModelAdmin):
    list_display = ["libelle", "enquete", "type", "ordre"]
    list_filter = ["type"]


admin.site.register(Section, AuditedModelAdmin)
admin.site.register(Choix, AuditedModelAdmin)
admin.site.register(Theme, AuditedModelAdmin)


@admin.register(Participation)
class ParticipationAdmin(AuditedModelAdmin):
    list_display = ["id", "enquete", "soumise_le"]
    list_filter = ["enquete"]


@admin.register(Reponse)
class ReponseAdmin(AuditedModelAdmin):
    list_display = ["id", "question", "nature", "choix", "citable"]
    raw_id_fields = ["participation", "question", "choix"]


@admin.register(Invitation)
class InvitationAdmin(AuditedModelAdmin):
    list_display = ["enquete", "acteur", "envoyee_le", "utilisee_le"]
    raw_id_fields = ["acteur"]
