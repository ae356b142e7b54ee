from django.contrib.auth.backends import ModelBackend


class AgencyModelBackend(ModelBackend):
    """The model backend, loading the user's agency with the user.

    Every page shows the agency in its navigation bar; joining it here saves a
    query on each request.
    """

    def get_user(self, user_id):
        user = self.user_model_queryset().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_model_queryset(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.select_related("agency")
