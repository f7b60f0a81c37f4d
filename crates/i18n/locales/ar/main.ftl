## رسائل البريد الإلكتروني. يبقى رمز التحقق وحده في سطره.

email-otp-subject = رمز التحقق الخاص بك في نظام PMS
email-otp-body =
    مرحبًا { $name }،

    استخدم هذا الرمز لتأكيد عنوان بريدك الإلكتروني وإتمام تسجيل { $username } لـ { $organization }:

    { $code }

    الرمز صالح لمدة { $minutes } دقيقة. إذا لم تطلبه، فتجاهل هذه الرسالة.

email-registered-pending-subject = تم استلام طلب تسجيلك
email-registered-pending-body =
    مرحبًا { $name }،

    تم تأكيد عنوان بريدك الإلكتروني، وأصبح تسجيل الشريك { $partnerId } الآن بانتظار موافقة مسؤول الشركاء.
    يمكنك تسجيل الدخول عبر { $portal } لمتابعة حالته.

email-registered-certificate-subject = تم استلام طلب تسجيلك
email-registered-certificate-body =
    مرحبًا { $name }،

    تم تسجيل الشريك { $partnerId }، وسيصبح نشطًا بمجرد رفع شهادته.
    سجّل الدخول عبر { $portal } للمتابعة.

email-approved-subject = تمت الموافقة على تسجيلك كشريك
email-approved-body =
    مرحبًا { $name }،

    وافق مسؤول الشركاء على الشريك { $partnerId }. يمكنك الآن تسجيل الدخول عبر { $portal } واستخدام وظائف الشريك.

email-rejected-subject = لم تتم الموافقة على تسجيلك كشريك
email-rejected-body =
    مرحبًا { $name }،

    رفض مسؤول الشركاء تسجيل الشريك { $partnerId }.
    السبب: { $reason }

email-deactivated-subject = تم تعطيل حساب الشريك الخاص بك
email-deactivated-body =
    مرحبًا { $name }،

    عطّل مسؤول الشركاء الشريك { $partnerId }، ولم تعد بيانات اعتماده صالحة.
    السبب: { $reason }

email-reactivated-subject = أصبح حساب الشريك الخاص بك نشطًا من جديد
email-reactivated-body =
    مرحبًا { $name }،

    أعاد مسؤول الشركاء تفعيل الشريك { $partnerId }. يمكنك تسجيل الدخول مجددًا عبر { $portal }.

nav-logout = تسجيل الخروج
list-results = { $count ->
        [zero] لا توجد نتائج
        [one] { $count } نتيجة
        [two] { $count } نتيجتان
        [few] { $count } نتائج
        [many] { $count } نتيجة
       *[other] { $count } نتيجة
    }

## تخطيط الصفحة

app-name = إدارة الشركاء
skip-to-content = الانتقال إلى المحتوى
nav-label = القائمة الرئيسية
nav-home = الصفحة الرئيسية
nav-partners = الشركاء
nav-policy-groups = مجموعات السياسات
nav-policies = السياسات
nav-audit = سجل التدقيق
nav-profile = ملفي الشخصي
language = اللغة
language-apply = تطبيق
footer-api = مرجع API
session-idle-warning = ستنتهي جلستك قريبًا بسبب عدم النشاط. أعد تحميل الصفحة لإبقائها مفتوحة.
back-home = العودة إلى الصفحة الرئيسية
optional = اختياري
choose = — اختر —
all = الكل
key = المفتاح

## الإجراءات والنماذج العامة

action-save = حفظ
action-cancel = إلغاء
action-back = رجوع
action-edit = تعديل
action-clone = استنساخ
action-publish = نشر
action-activate = تفعيل
action-deactivate = تعطيل
action-approve = موافقة
action-reject = رفض
action-reactivate = إعادة التفعيل
confirm-irreversible = يُرجى التأكيد. تُسجَّل هذه الخطوة في سجل التدقيق.
form-required = هذا الحقل مطلوب.
form-too-long = الحد الأقصى لعدد الأحرف: { $max }.
form-summary-title = { $count ->
        [zero] هذا النموذج يحتوي على أخطاء
        [one] هذا النموذج يحتوي على خطأ واحد
        [two] هذا النموذج يحتوي على خطأين
        [few] هذا النموذج يحتوي على { $count } أخطاء
       *[other] هذا النموذج يحتوي على { $count } خطأً
    }
filter-apply = تصفية
filter-reset = إعادة التعيين
list-empty = لا يوجد ما يُعرض.
pager-label = الصفحات
pager-previous = السابق
pager-next = التالي
pager-page = الصفحة { $page }

## الحقول

field-id = المعرّف
field-name = الاسم
field-description = الوصف
field-status = الحالة
field-created = تاريخ الإنشاء
field-type = النوع
field-version = الإصدار
field-document = مستند السياسة (JSON)
field-valid = فترة الصلاحية
field-change = التغيير
field-by = بواسطة
field-date = التاريخ
field-reason = السبب
field-username = اسم المستخدم
field-password = كلمة المرور
field-password-confirm = أعد إدخال كلمة المرور
field-email = البريد الإلكتروني
field-phone = الهاتف
field-address = العنوان
field-first-name = الاسم الأول
field-last-name = اسم العائلة
field-organisation = المؤسسة
field-partner-id = معرّف الشريك
field-partner-type = نوع الشريك
field-policy-group = مجموعة السياسات
field-language = اللغة
field-code = رمز التحقق
field-certificate = الشهادة
certificate-uploaded = تم الرفع
certificate-missing = لم تُرفع بعد

## الحالات

status-activated = نشط
status-deactivated = معطّل
status-draft = مسودة
status-rejected = مرفوض
status-pending-approval = بانتظار الموافقة
status-inprogress = بانتظار الشهادة
banner-pending_approval = يراجع مسؤول الشركاء تسجيلك حاليًا. ستصلك رسالة بالبريد الإلكتروني عند اتخاذ القرار.
banner-InProgress = ارفع شهادتك لتفعيل هذا الشريك.
banner-activated = تمت الموافقة على حساب الشريك الخاص بك. يمكنك استخدام وظائف الشريك.
banner-rejected = لم تتم الموافقة على تسجيلك.
banner-deactivated = تم تعطيل حساب الشريك الخاص بك. وظائف الشريك محظورة.

## أنواع الشركاء

type-Auth_Partner = شريك المصادقة
type-Credential_Partner = شريك بيانات الاعتماد
type-Device_Provider = مزوّد الأجهزة
type-FTM_Provider = مزوّد شرائح FTM
type-Online_Verification_Partner = شريك التحقق عبر الإنترنت
type-MISP_Partner = مزوّد خدمات البنية التحتية لـ MOSIP
type-ABIS_Partner = شريك ABIS
type-Manual_Adjudication = شريك الفصل اليدوي
type-SDK_Partner = شريك SDK
type-Partner_Admin = مسؤول الشركاء
type-Internal_Partner = شريك داخلي
type-Print_Partner = شريك الطباعة
type-Binding_Partner = شريك الربط

## أنواع السياسات والتغييرات

policy-type-Auth = سياسات المصادقة
policy-type-DataShare = سياسات مشاركة البيانات
policy-type-CredentialIssuance = سياسات إصدار بيانات الاعتماد
policy-type-MISP = سياسات MISP
change-created = إنشاء
change-updated = تحديث
change-published = نشر
change-deactivated = تعطيل
change-registered = تسجيل
change-approve = موافقة
change-reject = رفض
change-deactivate = تعطيل
change-reactivate = إعادة تفعيل
change-profile-updated = تحديث الملف الشخصي
change-policy-group-changed = تغيير مجموعة السياسات
change-certificate-accepted = قبول الشهادة

## الرسائل بعد تنفيذ إجراء

flash-consent = شكرًا لك. تم تسجيل موافقتك.
flash-logged-out = تم تسجيل خروجك.
flash-code-sent = تم إرسال رمز التحقق إلى عنوان بريدك الإلكتروني.
flash-code-resent = تم إرسال رمز جديد، ولم يعد الرمز السابق صالحًا.
flash-group-created = تم إنشاء مجموعة السياسات.
flash-group-saved = تم حفظ مجموعة السياسات.
flash-group-activated = أصبحت مجموعة السياسات نشطة من جديد.
flash-group-deactivated = تم تعطيل مجموعة السياسات.
flash-policy-created = تم حفظ السياسة كمسودة.
flash-policy-saved = تم حفظ المسودة.
flash-policy-published = تم نشر السياسة.
flash-policy-deactivated = تم تعطيل السياسة.
flash-policy-cloned = تم حفظ النسخة كمسودة.
flash-profile-saved = تم حفظ ملفك الشخصي.
flash-partner-approve = تمت الموافقة على الشريك وإبلاغه بالبريد الإلكتروني.
flash-partner-reject = تم رفض الشريك وإبلاغه بالبريد الإلكتروني.
flash-partner-deactivate = تم تعطيل الشريك وإلغاء بيانات اعتماده.
flash-partner-reactivate = أصبح الشريك نشطًا من جديد.

## تسجيل الدخول

login-title = تسجيل الدخول
login-submit = تسجيل الدخول
login-failed = اسم المستخدم أو كلمة المرور غير صحيحة.
login-rate-limited = محاولات فاشلة كثيرة جدًا. يُرجى الانتظار بضع دقائق ثم المحاولة مجددًا.
login-expired = انتهت جلستك بعد فترة من عدم النشاط. يُرجى تسجيل الدخول مجددًا.
login-no-account = شريك جديد؟
login-register = سجّل مؤسستك

## التسجيل الذاتي

register-title = سجّل مؤسستك
register-intro = عرّفنا بمؤسستك. سنرسل رمزًا إلى عنوان بريدك الإلكتروني لتأكيده، ثم يراجع مسؤول الشركاء تسجيلك.
register-organisation = المؤسسة
register-contact = الشخص المسؤول عن التواصل
register-account = بيانات تسجيل الدخول
register-no-group = — لا شيء —
register-group-hint = مطلوبة لأنواع الشركاء التي تستخدم السياسات (المصادقة، بيانات الاعتماد، التحقق، ABIS، الفصل اليدوي).
register-username-hint = حتى 36 حرفًا من الحروف والأرقام والرموز . _ - @، دون مسافات. وهو أيضًا معرّف الشريك الخاص بك.
register-password-hint = 12 حرفًا على الأقل، تتضمن حرفًا ورقمًا، ولا تحتوي على اسم المستخدم.
error-PMS_REG_008 = كلمتا المرور غير متطابقتين.
register-terms = أوافق على الشروط والأحكام: يُستخدم اسمي ورقم هاتفي وبريدي الإلكتروني ومؤسستي وعنواني لإدارة هذه الشراكة.
register-submit = إرسال رمز التحقق
register-have-account = لديك حساب بالفعل؟
verify-title = تحقق من بريدك الإلكتروني
verify-check-email = أرسلنا رمزًا من ستة أرقام إلى { $email }. أدخله أدناه لتأكيد عنوانك.
verify-validity = الرمز صالح لمدة { $minutes } دقيقة. يُسمح بخمس محاولات كحد أقصى.
verify-submit = تحقق
verify-resend = إرسال رمز جديد
done-title = تم استلام التسجيل
done-pending = تم تأكيد عنوان بريدك الإلكتروني. أصبح الشريك { $partnerId } الآن بانتظار موافقة مسؤول الشركاء، وسيتم إبلاغك بالقرار بالبريد الإلكتروني. يمكنك تسجيل الدخول من الآن لمتابعة حالته.
done-certificate = تم تأكيد عنوان بريدك الإلكتروني. سجّل الدخول وارفع شهادة الشريك { $partnerId } لتفعيله.

## الموافقة على الشروط

consent-title = الشروط والأحكام
consent-text = تُستخدم المعلومات التي قدمتها (الاسم ورقم الهاتف وعنوان البريد الإلكتروني والمؤسسة والعنوان) لإدارة شراكتك وإصدار بيانات الاعتماد والتواصل معك، ويُحتفظ بها طوال مدة الشراكة.
consent-accept = لقد قرأت الشروط والأحكام وأوافق عليها.
consent-submit = متابعة
consent-required = يُرجى قبول الشروط والأحكام للمتابعة.

## الصفحة الرئيسية

dashboard-welcome = أهلًا بك، { $name }
dashboard-partners = الشركاء
dashboard-pending = طلبات تسجيل بانتظار الموافقة
dashboard-policies = السياسات
dashboard-no-partner = لحسابك دور شريك، لكن لا يوجد سجل شريك مرتبط به بعد. سجّل الشريك عبر MOSIP API (POST /v1/partnermanager/partners) أو تواصل مع مسؤول الشركاء.
card-profile = الملف الشخصي
card-profile-text = بيانات الاتصال الخاصة بمؤسستك.
card-certificates = الشهادات
card-policies = السياسات
card-auth-services = مفاتيح API وعملاء OIDC
card-devices = SBI والأجهزة
card-ftm = شرائح FTM
card-misp = مفاتيح الترخيص
card-coming-next = قريبًا.

## مجموعات السياسات

group-new = مجموعة سياسات جديدة
group-edit = تعديل مجموعة السياسات
group-deactivate-title = تعطيل مجموعة السياسات
group-deactivate-message = لن يتمكن الشركاء بعد الآن من اختيار { $name }، ولن يكون بالإمكان إنشاء أي سياسة فيها.
group-deactivate-active = { $count ->
        [zero] لا تنتمي إليها أي سياسة نشطة.
        [one] لا تزال سياسة نشطة واحدة تنتمي إليها.
        [two] لا تزال سياستان نشطتان تنتميان إليها.
        [few] لا تزال { $count } سياسات نشطة تنتمي إليها.
        [many] لا تزال { $count } سياسة نشطة تنتمي إليها.
       *[other] لا تزال { $count } سياسة نشطة تنتمي إليها.
    }
group-deactivate-drafts = { $count ->
        [zero] لا تنتمي إليها أي سياسة في حالة مسودة.
        [one] لا تزال سياسة واحدة في حالة مسودة تنتمي إليها.
        [two] لا تزال سياستان في حالة مسودة تنتميان إليها.
        [few] لا تزال { $count } سياسات في حالة مسودة تنتمي إليها.
        [many] لا تزال { $count } سياسة في حالة مسودة تنتمي إليها.
       *[other] لا تزال { $count } سياسة في حالة مسودة تنتمي إليها.
    }

## السياسات

policy-new = سياسة جديدة
policy-new-auth = سياسة مصادقة جديدة
policy-new-datashare = سياسة مشاركة بيانات جديدة
policy-edit = تعديل مسودة السياسة
policy-save-draft = حفظ كمسودة
policy-history = سجل الإصدارات
policy-json-invalid = محتوى JSON غير صالح: { $detail }
json-ok = JSON صالح.
json-bad = JSON غير صالح:
policy-publish-title = نشر السياسة
policy-publish-message = بعد النشر، لن يكون بالإمكان تعديل { $name }، وسيتمكن الشركاء من طلبها.
policy-deactivate-title = تعطيل السياسة
policy-deactivate-message = لن يعود بالإمكان استخدام { $name }، ويتم إبلاغ الخدمات المستخدِمة لها، مثل ID Authentication، فورًا. لا يمكن إعادة تفعيل سياسة معطّلة.
policy-clone-title = استنساخ سياسة
policy-clone-intro = تُحفظ نسخة من { $name } كمسودة في المجموعة التي تختارها.
policy-clone-target = مجموعة السياسات التي تُحفظ فيها النسخة

## إدارة الشركاء

partner-history = سجل الحالات
partner-approve-title = الموافقة على الشريك
partner-approve-message = سيتمكن { $name } من استخدام وظائف الشريك، ويُبلَّغ الشريك بذلك بالبريد الإلكتروني.
partner-reject-title = رفض التسجيل
partner-reject-message = لن يتمكن { $name } من استخدام وظائف الشريك، ويُرسَل السبب إلى الشريك بالبريد الإلكتروني.
partner-deactivate-title = تعطيل الشريك
partner-deactivate-message = سيفقد { $name } إمكانية الوصول إلى وظائف الشريك، وستُلغى جميع بيانات اعتماده على الفور.
partner-reactivate-title = إعادة تفعيل الشريك
partner-reactivate-message = سيتمكن { $name } من استخدام وظائف الشريك مجددًا.
audit-entity-type = نوع الكيان
audit-entity-id = الكيان
audit-entity = الكيان
audit-actor = المنفِّذ
audit-action = الإجراء
audit-outcome = النتيجة
audit-success = نجاح
audit-failure = مرفوض

## الأخطاء

error-title = تعذّر إتمام العملية
error-forbidden-title = غير مسموح
error-forbidden = لا يسمح لك دورك بالوصول إلى هذه الصفحة.
error-internal-title = حدث خطأ ما
error-internal = تعذّر على الخادم إتمام الطلب. يُرجى المحاولة لاحقًا.
error-csrf = انتهت صلاحية النموذج. يُرجى الرجوع وإعادة تحميل الصفحة ثم المحاولة مجددًا.
error-PMS_COR_001 = يُرجى مراجعة النموذج: هناك قيمة مطلوبة مفقودة أو طويلة جدًا.
error-PMS_POL_008 = هذه السياسة غير موجودة.
error-PMS_POL_009 = توجد بالفعل سياسة بهذا الاسم في مجموعة السياسات.
error-PMS_POL_014 = توجد بالفعل مجموعة سياسات بهذا الاسم.
error-PMS_POL_016 = مجموعة السياسات هذه غير موجودة.
error-PMS_POL_019 = مجموعة السياسات هذه غير موجودة.
error-PMS_POL_020 = السياسة منشورة بالفعل.
error-PMS_POL_053 = مجموعة السياسات غير نشطة.
error-PMS_POL_055 = لا يمكن تعديل سياسة منشورة.
error-PMS_POL_056 = لا تزال هناك سياسات نشطة تنتمي إلى مجموعة السياسات.
error-PMS_POL_062 = السياسة معطّلة بالفعل.
error-PMS_POL_063 = لا يمكن تعطيل السياسة: تمت الموافقة على طلب شريك بشأنها.
error-PMS_POL_064 = لا يمكن تعطيل السياسة: يوجد طلب شريك بشأنها قيد الانتظار.
error-PMS_POL_065 = هذه السياسة غير موجودة.
error-PMS_POL_067 = مجموعة السياسات معطّلة بالفعل.
error-PMS_POL_068 = مجموعة السياسات هذه غير موجودة.
error-PMS_POL_069 = لا تزال هناك سياسات نشطة وسياسات في حالة مسودة تنتمي إلى مجموعة السياسات.
error-PMS_POL_070 = لا تزال هناك سياسات في حالة مسودة تنتمي إلى مجموعة السياسات.
error-PMS_POL_072 = لا يمكن تعطيل إلا سياسة نشطة.
error-PMS_PV_005 = هذه الخاصية غير مسموح بها هنا، أو أن قيمتها ليست من القيم المسموح بها.
error-PMS_PV_006 = هذه الخاصية المطلوبة مفقودة.
error-PMS_PV_007 = نوع هذه القيمة غير صحيح.
error-PMS_PV_008 = يجب ألا تكون هذه القائمة فارغة.
error-PMS_PV_009 = يجب ألا يكون هذا النص فارغًا.
error-PMS_PRT_002 = مجموعة السياسات هذه غير موجودة.
error-PMS_PRT_005 = هذا الشريك غير موجود.
error-PMS_PRT_010 = نوع الشريك هذا غير موجود.
error-PMS_PRT_011 = يوجد بالفعل شريك مسجّل بعنوان البريد الإلكتروني هذا.
error-PMS_PRT_012 = عنوان البريد الإلكتروني هذا غير صالح.
error-PMS_PRT_013 = رقم الهاتف هذا غير صالح (أرقام ومسافات و + ( ) -، بحد أقصى 16 حرفًا).
error-PMS_PRT_051 = معرّف الشريك هذا مستخدم بالفعل.
error-PMS_PRT_052 = يجب ألا يتجاوز معرّف الشريك 36 حرفًا.
error-PMS_PRT_055 = غير مسموح لك باتخاذ إجراء بشأن هذا الشريك.
error-PMS_PRT_056 = هذه اللغة غير مدعومة.
error-PMS_PRT_066 = يجب ألا يحتوي معرّف الشريك على مسافات.
error-PMS_PRT_108 = يجب اختيار مجموعة سياسات لهذا النوع من الشركاء.
error-PMS_PMP_005 = هذا الشريك غير موجود.
error-PMS_PMP_016 = الشريك غير نشط.
error-PMS_PMP_023 = مجموعة السياسات غير نشطة.
error-PMS_PM_063 = الشريك معطّل بالفعل.
error-PMS_PRT_357 = لا يمكن الفرز حسب هذا العمود.
error-PMS_PRT_358 = يجب أن يكون ترتيب الفرز تصاعديًا أو تنازليًا.
error-PMS_PRT_360 = رقم الصفحة غير صالح.
error-PMS_PRT_361 = حجم الصفحة غير صالح.
error-PMS_REG_001 = يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل، وأن تتضمن حرفًا ورقمًا، وألا تحتوي على اسم المستخدم.
error-PMS_REG_002 = يُرجى قبول الشروط والأحكام.
error-PMS_REG_003 = لا يمكن لهذا النوع من الشركاء التسجيل بنفسه.
error-PMS_REG_004 = اسم المستخدم هذا محجوز بالفعل.
error-PMS_REG_005 = طلبات تسجيل كثيرة جدًا من شبكتك. يُرجى المحاولة لاحقًا.
error-PMS_REG_006 = تعذّر إرسال رسالة التحقق بالبريد الإلكتروني. يُرجى المحاولة مجددًا بعد قليل.
error-PMS_OTP_001 = لا يوجد تسجيل بانتظار رمز لهذا العنوان. يُرجى التسجيل من جديد.
error-PMS_OTP_002 = الرمز غير صحيح.
error-PMS_OTP_003 = انتهت صلاحية الرمز. اطلب رمزًا جديدًا.
error-PMS_OTP_004 = أُدخلت رموز خاطئة كثيرة جدًا. اطلب رمزًا جديدًا.
error-PMS_OTP_005 = يُرجى الانتظار دقيقة واحدة قبل طلب رمز آخر.
error-PMS_OTP_006 = أُرسل عدد كبير جدًا من الرموز إلى هذا العنوان. يُرجى المحاولة مجددًا بعد ساعة.
error-PMS_ONB_001 = الشريك ليس بانتظار الموافقة.
error-PMS_ONB_002 = يجب ذكر السبب.
error-PMS_ONB_003 = الشريك غير معطّل.
error-PMS_ONB_004 = تم رفض تسجيل الشريك.

## مخزن الثقة للشهادات (مسؤول الشركاء)

nav-trust-store = مخزن الثقة
trust-tabs-label = أنواع الشهادات
trust-tab-all = كل شهادات جهات التصديق
trust-tab-root = جهة تصديق جذرية
trust-tab-intermediate = جهة تصديق وسيطة
trust-tab-expiring = تنتهي قريبًا
trust-upload = رفع شهادة ثقة
trust-upload-intro = ارفع شهادة جهة تصديق جذرية، أو شهادة جهة تصديق وسيطة تكون الجهة المصدرة لها موجودة مسبقًا في مخزن الثقة للنطاق نفسه. يمكن أن يحتوي الملف على عدة شهادات (PEM أو PKCS#7)، وتُحفظ بالترتيب الصحيح.
trust-warning-period = { $count ->
        [zero] مميّزة: تنتهي خلال { $count } يوم
        [one] مميّزة: تنتهي خلال يوم واحد
        [two] مميّزة: تنتهي خلال يومين
        [few] مميّزة: تنتهي خلال { $count } أيام
        [many] مميّزة: تنتهي خلال { $count } يومًا
       *[other] مميّزة: تنتهي خلال { $count } يوم
    }
trust-download-pem = تنزيل الشهادة (PEM)
trust-download-chain = تنزيل السلسلة (.p7b)
trust-self-signed = موقّعة ذاتيًا
trust-issuer-link = شهادة الجهة المصدرة
trust-pem = الشهادة (PEM)
trust-deactivate-title = تعطيل شهادة جهة التصديق
trust-deactivate-message = لن تعود { $name } أساسًا للثقة: لا يمكن لشهادات الشركاء الجديدة الارتباط بها، وتظهر شهادات الشركاء المرتبطة بها كغير موثوقة. يُبلَّغ المستهلكون فورًا.
field-partner-domain = نطاق الشريك
field-certificate-id = معرّف الشهادة
field-issued-to = صادرة إلى
field-issued-by = صادرة عن
field-valid-from = صالحة من
field-valid-till = صالحة حتى
field-uploaded = تاريخ الرفع
field-serial = الرقم التسلسلي
field-sha1 = بصمة SHA-1
field-sha256 = بصمة SHA-256
field-days-left = الأيام المتبقية
domain-AUTH = المصادقة (AUTH)
domain-DEVICE = الأجهزة (DEVICE)
domain-FTM = شرائح FTM (FTM)
ca-type-ROOT = جهة تصديق جذرية
ca-type-INTERMEDIATE = جهة تصديق وسيطة
ca-status-active = نشطة
ca-status-deactivated = معطّلة
cert-expired = منتهية الصلاحية
cert-days-left = { $count ->
        [zero] لم يبق أي يوم
        [one] بقي يوم واحد
        [two] بقي يومان
        [few] بقيت { $count } أيام
        [many] بقي { $count } يومًا
       *[other] بقي { $count } يوم
    }
cert-upload-file = اختر ملفًا (.pem أو .cer أو .crt أو .der)
cert-upload-file-hint = أو الصق الشهادة أدناه. يُستخدم الملف المختار أولًا.
cert-upload-paste = الصق الشهادة (PEM)
cert-upload-submit = رفع
cert-upload-one-only = ارفع شهادة الشريك وحدها: شهادات جهات التصديق مكانها مخزن الثقة.
expiring-days = تنتهي خلال (أيام)
expiring-days-invalid = أدخل عدد أيام بين 0 و36500.
expiring-summary = { $count ->
        [zero] لا تنتهي أي شهادة في هذه المدة.
        [one] تنتهي شهادة واحدة في هذه المدة.
        [two] تنتهي شهادتان في هذه المدة، الأقرب أولًا.
        [few] تنتهي { $count } شهادات في هذه المدة، الأقرب أولًا.
        [many] تنتهي { $count } شهادة في هذه المدة، الأقرب أولًا.
       *[other] تنتهي { $count } شهادة في هذه المدة، الأقرب أولًا.
    }
expiring-timeline-title = { $count ->
        [zero] انتهاء صلاحية الشهادات اليوم
        [one] انتهاء صلاحية الشهادات خلال اليوم القادم
        [two] انتهاء صلاحية الشهادات خلال اليومين القادمين
        [few] انتهاء صلاحية الشهادات خلال الأيام { $count } القادمة
        [many] انتهاء صلاحية الشهادات خلال { $count } يومًا القادمة
       *[other] انتهاء صلاحية الشهادات خلال { $count } يوم القادمة
    }
expiring-timeline-desc = شريط لكل شهادة، من اليوم (يسارًا) إلى تاريخ انتهائها. الأحمر: منتهية؛ البرتقالي: ضمن مدة التنبيه. يعرض الجدول أدناه الشهادات نفسها.
expiring-legend = تمتد الأشرطة من اليوم إلى تاريخ الانتهاء. الأحمر: منتهية. البرتقالي: ضمن مدة التنبيه. الأخضر: لاحقًا.
expiring-omitted = { $count ->
        [zero] لا توجد شهادات أخرى.
        [one] شهادة أخرى مذكورة في الجدول فقط.
        [two] شهادتان أخريان مذكورتان في الجدول فقط.
        [few] { $count } شهادات أخرى مذكورة في الجدول فقط.
        [many] { $count } شهادة أخرى مذكورة في الجدول فقط.
       *[other] { $count } شهادة أخرى مذكورة في الجدول فقط.
    }
expiring-none = لا تنتهي أي شهادة في هذه المدة.
expiring-today = اليوم
expiring-kind-partner = شهادة شريك
expiring-kind-sbi = واجهة القياسات الحيوية الآمنة
expiring-kind-chip = شهادة شريحة FTM

## شهادات الشركاء

nav-certificates = شهادة الشريك
cert-page-title = شهادة الشريك
cert-current = الشهادة الحالية
cert-none-yet = لا توجد شهادة بعد
cert-trusted = موثوقة: ترتبط بشهادات جهات التصديق النشطة في نطاقها
cert-untrusted = غير موثوقة: عُطّلت شهادة جهة تصديق في سلسلتها؛ ارفع شهادة جديدة
cert-original-expired = انتهت صلاحية الشهادة الأصلية.
cert-signed-expired = انتهت صلاحية الشهادة الموقّعة من المنصة.
cert-download-original = تنزيل الشهادة الأصلية
cert-download-signed = تنزيل الشهادة الموقّعة من المنصة
cert-original-till = الأصلية صالحة حتى
cert-signed-till = النسخة الموقّعة من المنصة صالحة حتى
cert-upload = رفع الشهادة
cert-reupload = رفع شهادة جديدة
cert-upload-intro = يجب أن تصدر الشهادة عن جهة تصديق في مخزن الثقة (لا موقّعة ذاتيًا)، وأن تحمل اسم مؤسستك تمامًا كما سُجّل (O)، وأن تبقى صالحة نحو سنة. توقّع المنصة نسخة منها صالحة لمدة سنة.
cert-upload-approves = في هذا النشر تتم الموافقة على الشريك بمجرد قبول شهادته.
cert-history = سجل الرفع
cert-status-active = حالية
cert-status-superseded = مستبدلة
cert-copy-expired = انتهت صلاحية هذه النسخة من الشهادة. ارفع شهادة جديدة.
flash-ca-upload-success = تم الرفع بنجاح. الشهادة في مخزن الثقة.
flash-ca-upload-partial = نجح الرفع جزئيًا. تم تخطي الشهادات الموجودة مسبقًا أو المرفوضة.
flash-ca-deactivated = تم تعطيل شهادة جهة التصديق.
flash-certificate-uploaded = قُبلت الشهادة ووقّعتها المنصة.
flash-certificate-uploaded-approved = قُبلت الشهادة ووقّعتها المنصة. تمت الموافقة على الشريك الآن.

## أخطاء الشهادات

error-KER-PCM-001 = هذه ليست شهادة قابلة للقراءة (المتوقع PEM أو DER أو PKCS#7).
error-KER-PCM-003 = هذه الشهادة موجودة مسبقًا في مخزن الثقة لهذا النطاق.
error-KER-PCM-004 = تواريخ الشهادة غير صالحة: انتهت صلاحيتها أو لا تبقى صالحة مدة كافية.
error-KER-PCM-005 = شهادة جهة التصديق الجذرية لهذه الشهادة ليست في مخزن الثقة لهذا النطاق. ارفع الشهادة الجذرية أولًا.
error-KER-PCM-006 = لم تصدر هذه الشهادة عن أي جهة تصديق جذرية أو وسيطة في هذا النطاق.
error-KER-PCM-007 = تُقبل شهادات X.509 الإصدار 3 فقط.
error-KER-PCM-008 = المؤسسة (O) في الشهادة لا تطابق تمامًا اسم المؤسسة المسجّل للشريك.
error-KER-PCM-011 = نطاق الشريك هذا غير مسموح (AUTH أو DEVICE أو FTM؛ يستخدم الشريك نطاق نوعه).
error-KER-PCM-013 = مفتاح الشهادة قصير جدًا أو من نوع غير مسموح.
error-KER-PCM-014 = خوارزمية توقيع الشهادة غير مقبولة (مثل SHA-1).
error-KER-PCM-015 = لا يمكن أن تكون الشهادة الموقّعة ذاتيًا شهادة شريك: يجب أن تصدر عن جهة تصديق.
error-KER-PCM-017 = لا تبقى شهادة جهة التصديق صالحة مدة كافية (المطلوب سنة على الأقل).
error-KER-PCM-018 = لا يمكن استخدام الشهادة في هذا الدور (شهادة جهة تصديق كشهادة شريك، أو شهادة بلا صلاحيات جهة تصديق كجهة تصديق).
error-KER-PMS-020 = الشهادة ليست صالحة بعد: لا تُقبل الشهادات ذات التاريخ المستقبلي.
error-PMS_TRUST_001 = شهادة جهة التصديق هذه غير موجودة.
error-PMS_TRUST_002 = شهادة جهة التصديق معطّلة مسبقًا.
error-PMS_PRT_054 = ليس للشريك مجموعة سياسات؛ يلزم وجود مجموعة قبل رفع شهادته.
error-certificate-PMS_PRT_108 = لم تُرفع أي شهادة لهذا الشريك بعد.
error-PMS_CERTIFICATE_ERROR_002 = لا يملك حسابك أي شريك.
error-PMS_CERTIFICATE_ERROR_007 = هذا الشريك لا يتبع حسابك.
error-PMS_CERTIFICATE_ERROR_009 = الشريك معطّل: لا يمكن تنزيل شهادته.
error-PMS_CERTIFICATE_ERROR_012 = معرّف الشهادة مطلوب.
error-PMS_COR_002 = إحدى قيم الطلب غير صالحة.

# Portal patterns: navigation, lists, verification page
nav-menu = القائمة
filters-toggle = عوامل التصفية
pager-size = عدد الصفوف في الصفحة
pager-size-apply = عرض
groups-empty-cta = أنشئ أول مجموعة سياسات
policies-empty-cta = أنشئ أول سياسة
trust-empty-cta = ارفع أول شهادة لجهة تصديق
partners-empty-hint = يظهر الشركاء هنا بعد تسجيلهم عبر /register.
verify-attempts-left = { $count ->
        [zero] لم تبقَ أي محاولة.
        [one] بقيت محاولة واحدة.
        [two] بقيت محاولتان.
        [few] بقيت { $count } محاولات.
       *[other] بقيت { $count } محاولة.
    }
verify-resend-at = يمكنك طلب رمز جديد ابتداءً من { $time }.

# Accounts (password reset and change, user administration) and the audit trail for people
nav-users = المستخدمون
nav-password = تغيير كلمة المرور
login-forgot = هل نسيت كلمة المرور؟
forgot-title = إعادة تعيين كلمة المرور
forgot-intro = أدخل اسم المستخدم أو عنوان بريدك الإلكتروني. إذا طابق حساباً نشطاً، نرسل رمزاً إلى بريده الإلكتروني.
forgot-identifier = اسم المستخدم أو البريد الإلكتروني
forgot-submit = إرسال رمز
reset-title = اختيار كلمة مرور جديدة
reset-intro = إذا طابق ما أدخلته حساباً نشطاً، فقد أُرسل رمز إلى بريده الإلكتروني. اكتبه مع كلمة المرور الجديدة.
reset-submit = حفظ كلمة المرور الجديدة
reset-new-code = طلب رمز جديد
change-title = تغيير كلمة المرور
change-intro = تنتهي جلساتك الأخرى ورموز الواجهة البرمجية عند تغيير كلمة المرور.
change-submit = تغيير كلمة المرور
field-current-password = كلمة المرور الحالية
field-new-password = كلمة المرور الجديدة
password-rules = 12 حرفاً على الأقل، تتضمن حرفاً ورقماً، ولا تحتوي على اسم المستخدم.
field-role = الدور
field-roles = الأدوار
user-history = السجل
user-password-title = تعيين كلمة مرور جديدة
user-password-intro = تسري كلمة المرور الجديدة لـ { $name } فوراً، وتنتهي كل جلسات { $name } ورموزه للواجهة البرمجية.
user-deactivate-title = تعطيل هذا المستخدم؟
user-deactivate-message = لن يتمكن { $name } من تسجيل الدخول، وتنتهي جلساته ورموزه للواجهة البرمجية فوراً.
user-activate-title = إعادة تفعيل هذا المستخدم؟
user-activate-message = سيتمكن { $name } من تسجيل الدخول مجدداً بكلمة مروره.
action-user-password = تعيين كلمة مرور جديدة
action-user-deactivate = تعطيل
action-user-activate = إعادة التفعيل
flash-reset-code-sent = إذا طابق حساب نشط، فقد أُرسل رمز إلى بريده الإلكتروني.
flash-password-reset = تم تغيير كلمة المرور. سجّل الدخول بالكلمة الجديدة.
flash-password-changed = تم تغيير كلمة المرور. انتهت جلساتك الأخرى.
flash-user-password-set = تم تعيين كلمة المرور الجديدة. انتهت جلسات المستخدم.
flash-user-deactivate = تم تعطيل المستخدم وتسجيل خروجه من كل مكان.
flash-user-activate = يمكن للمستخدم تسجيل الدخول مجدداً.
status-active = نشط
status-code-sent = تم إرسال الرمز
status-verified = تم التحقق
status-yes = نعم
error-PMS_USR_001 = لا يوجد مستخدم بهذا الاسم.
error-PMS_USR_002 = المستخدم معطّل بالفعل.
error-PMS_USR_003 = لا يمكنك تعطيل حسابك.
error-PMS_USR_004 = لا يمكن تعطيل آخر مسؤول شركاء نشط.
error-PMS_USR_005 = المستخدم نشط بالفعل.
error-PMS_USR_006 = كلمة المرور الحالية غير صحيحة.
error-PMS_USR_007 = الرمز غير صحيح أو انتهت صلاحيته أو جُرّب مرات كثيرة. تحقق منه أو اطلب رمزاً جديداً.
email-reset-subject = رمز إعادة تعيين كلمة مرور PMS
audit-from = من
audit-to = إلى
audit-utc = الأوقات بالتوقيت العالمي المنسق.
audit-bad-date = أحد التواريخ غير صالح: استخدم حقول التاريخ والوقت.
audit-export-csv = تصدير هذه الصفوف بصيغة CSV
audit-what = ما الذي حدث
audit-details = التفاصيل
audit-anonymous = شخص غير مسجّل الدخول
audit-refused = رُفض طلب { $actor }: { $action } — { $entity }
audit-generic = { $actor }: { $action } — { $entity }
audit-entity-user = مستخدم
audit-entity-registration = تسجيل
audit-entity-partner = شريك
audit-entity-policy_group = مجموعة سياسات
audit-entity-policy = سياسة
audit-entity-ca_certificate = شهادة سلطة تصديق
audit-entity-partner_certificate = شهادة شريك
audit-entity-policy_request = طلب سياسة
audit-entity-api_key = مفتاح واجهة برمجة
audit-action-user-bootstrap = المسؤول الأول
audit-action-user-create = إنشاء مستخدم
audit-action-user-consent = قبول الشروط
audit-action-user-language = تغيير اللغة
audit-action-user-deactivate = تعطيل مستخدم
audit-action-user-activate = إعادة تفعيل مستخدم
audit-action-user-password-reset-request = طلب إعادة تعيين كلمة المرور
audit-action-user-password-reset = إعادة تعيين كلمة المرور
audit-action-user-password-change = تغيير كلمة المرور
audit-action-user-password-set = تعيين كلمة المرور من قبل مسؤول
audit-action-session-open = تسجيل الدخول إلى البوابة
audit-action-session-token = تسجيل الدخول إلى الواجهة البرمجية
audit-action-session-login-failed = فشل تسجيل الدخول
audit-action-session-logout = تسجيل الخروج
audit-action-registration-start = بدء التسجيل
audit-action-registration-resend = إعادة إرسال رمز التسجيل
audit-action-registration-verify = تأكيد التسجيل
audit-action-partner-register = تسجيل شريك
audit-action-partner-update = تحديث ملف الشريك
audit-action-partner-contact = تغيير جهات اتصال الشريك
audit-action-partner-policy-group = تغيير مجموعة سياسات الشريك
audit-action-partner-status = تغيير حالة الشريك
audit-action-partner-approve = الموافقة على شريك
audit-action-partner-reject = رفض شريك
audit-action-partner-deactivate = تعطيل شريك
audit-action-partner-reactivate = إعادة تفعيل شريك
audit-action-partner-certificate-accepted = الموافقة على شريك بشهادته
audit-action-policy-group-create = إنشاء مجموعة سياسات
audit-action-policy-group-update = تعديل مجموعة سياسات
audit-action-policy-group-activate = تفعيل مجموعة سياسات
audit-action-policy-group-deactivate = تعطيل مجموعة سياسات
audit-action-policy-create = إنشاء سياسة
audit-action-policy-update = تعديل سياسة
audit-action-policy-publish = نشر سياسة
audit-action-policy-status = تغيير حالة سياسة
audit-action-policy-deactivate = تعطيل سياسة
audit-action-policy-clone = نسخ سياسة
audit-action-ca-certificate-upload = رفع شهادات سلطة تصديق
audit-action-ca-certificate-deactivate = تعطيل شهادة سلطة تصديق
audit-action-partner-certificate-upload = رفع شهادة شريك
audit-action-policy-request-create = طُلبت سياسة
audit-action-policy-request-approve = قُبل طلب سياسة
audit-action-policy-request-reject = رُفض طلب سياسة
audit-action-api-key-create = أُنشئ مفتاح واجهة برمجة
audit-action-api-key-rotate = استُبدل مفتاح واجهة برمجة
audit-action-api-key-status = تغيّرت حالة مفتاح واجهة برمجة
audit-action-api-key-remap = رُبط مفتاح واجهة برمجة بسياسة أخرى
audit-action-api-key-expire = انتهت صلاحية مفتاح واجهة برمجة
audit-action-api-key-revoke = أُلغي مفتاح واجهة برمجة
audit-action-webhook-create = أُضيف خطاف ويب
audit-action-webhook-remove = أُزيل خطاف ويب
audit-action-websub-subscription-subscribe = طُلب اشتراك في المحور
audit-action-websub-subscription-unsubscribe = طُلب إلغاء اشتراك من المحور
audit-action-delivery-retry = أُعيدت محاولة تسليم
audit-action-event-replay = أُعيد إرسال أحداث
audit-action-reminder-send = أُرسل تذكير بانتهاء الصلاحية
audit-action-partner-bio-extractors = حُددت مستخرجات القياسات الحيوية
audit-action-partner-credential-type = رُبط نوع وثيقة بسياسة
audit-do-user-bootstrap = أنشأ { $actor } المسؤول الأول { $entity }
audit-do-user-create = أنشأ { $actor } المستخدم { $entity }
audit-do-user-consent = قبل { $entity } الشروط والأحكام
audit-do-user-language = غيّر { $entity } اللغة من { $from } إلى { $to }
audit-do-user-deactivate = عطّل { $actor } المستخدم { $entity }
audit-do-user-activate = أعاد { $actor } تفعيل المستخدم { $entity }
audit-do-user-password-reset-request = طلب { $actor } رمز إعادة تعيين كلمة المرور لـ { $entity }
audit-do-user-password-reset = أعاد { $actor } تعيين كلمة مرور { $entity } برمز البريد الإلكتروني
audit-do-user-password-change = غيّر { $entity } كلمة مروره
audit-do-user-password-set = عيّن { $actor } كلمة مرور جديدة لـ { $entity }
audit-do-session-open = سجّل { $entity } الدخول إلى البوابة
audit-do-session-token = سجّل { $entity } الدخول عبر الواجهة البرمجية
audit-do-session-login-failed = فشل تسجيل الدخول باسم { $entity } من { $client }
audit-do-session-logout = سجّل { $entity } الخروج
audit-do-registration-start = سجّل { $actor } باسم { $entity } وأُرسل إليه رمز
audit-do-registration-resend = طلب { $actor } رمز تسجيل جديداً لـ { $entity }
audit-do-registration-verify = أكّد { $actor } البريد الإلكتروني للتسجيل { $entity }
audit-do-partner-register = سجّل { $actor } الشريك { $entity }
audit-do-partner-update = حدّث { $actor } ملف الشريك { $entity }
audit-do-partner-contact = غيّر { $actor } جهات اتصال الشريك { $entity }
audit-do-partner-policy-group = غيّر { $actor } مجموعة سياسات الشريك { $entity } إلى { $to }
audit-do-partner-status = غيّر { $actor } حالة الشريك { $entity } من { $from } إلى { $to }
audit-do-partner-approve = وافق { $actor } على الشريك { $entity }
audit-do-partner-reject = رفض { $actor } الشريك { $entity }
audit-do-partner-deactivate = عطّل { $actor } الشريك { $entity }
audit-do-partner-reactivate = أعاد { $actor } تفعيل الشريك { $entity }
audit-do-partner-certificate-accepted = تمت الموافقة على الشريك { $entity } بالشهادة التي رفعها { $actor }
audit-do-policy-group-create = أنشأ { $actor } مجموعة السياسات { $entity }
audit-do-policy-group-update = عدّل { $actor } مجموعة السياسات { $entity }
audit-do-policy-group-activate = فعّل { $actor } مجموعة السياسات { $entity }
audit-do-policy-group-deactivate = عطّل { $actor } مجموعة السياسات { $entity }
audit-do-policy-create = أنشأ { $actor } مسودة السياسة { $entity }
audit-do-policy-update = عدّل { $actor } السياسة { $entity }
audit-do-policy-publish = نشر { $actor } السياسة { $entity }
audit-do-policy-status = غيّر { $actor } حالة السياسة { $entity } من { $from } إلى { $to }
audit-do-policy-deactivate = عطّل { $actor } السياسة { $entity }
audit-do-policy-clone = نسخ { $actor } سياسة إلى { $entity }
audit-do-ca-certificate-upload = رفع { $actor } شهادات سلطة تصديق إلى النطاق { $entity }
audit-do-ca-certificate-deactivate = عطّل { $actor } شهادة سلطة التصديق { $entity }
audit-do-partner-certificate-upload = رفع { $actor } شهادة الشريك { $entity }
audit-do-policy-request-create = طلب { $actor } سياسة في الطلب { $entity }
audit-do-policy-request-approve = قبل { $actor } طلب السياسة { $entity }
audit-do-policy-request-reject = رفض { $actor } طلب السياسة { $entity }
audit-do-api-key-create = أنشأ { $actor } مفتاح واجهة البرمجة { $entity }
audit-do-api-key-rotate = أنشأ { $actor } مفتاح واجهة البرمجة { $entity } بدلًا من مفتاح أقدم
audit-do-api-key-status = غيّر { $actor } حالة مفتاح واجهة البرمجة { $entity } من { $from } إلى { $to }
audit-do-api-key-remap = ربط { $actor } مفتاح واجهة البرمجة { $entity } بسياسة أخرى
audit-do-api-key-expire = بلغ مفتاح واجهة البرمجة { $entity } تاريخ انتهائه
audit-do-api-key-revoke = أُلغي مفتاح واجهة البرمجة { $entity } مع شريكه
audit-do-webhook-create = أضاف { $actor } خطاف الويب { $entity }
audit-do-webhook-remove = أزال { $actor } خطاف الويب { $entity }
audit-do-websub-subscription-subscribe = طلب { $actor } من المحور اشتراك { $entity }
audit-do-websub-subscription-unsubscribe = طلب { $actor } من المحور إلغاء اشتراك { $entity }
audit-do-delivery-retry = أعاد { $actor } التسليم { $entity } إلى الطابور
audit-do-event-replay = أعاد { $actor } إرسال الأحداث { $entity }
audit-do-reminder-send = أُرسل تذكير بانتهاء الصلاحية لـ { $entity }
audit-do-partner-bio-extractors = حدّد { $actor } مستخرجات القياسات الحيوية للشريك { $entity }
audit-do-partner-credential-type = ربط { $actor } نوع وثيقة للشريك { $entity } بسياسة
email-reset-body =
    مرحباً { $name }،

    استخدم هذا الرمز لاختيار كلمة مرور جديدة لـ { $username }:

    { $code }

    الرمز صالح لمدة { $minutes } دقيقة ويُستخدم مرة واحدة. إذا لم تطلبه فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.

## Policy builder, clone provenance and version differences

policy-clone-default-name = نسخة من { $name }
policy-cloned-from = منسوخة من
policy-source-gone = (لم تعد موجودة)
policy-changes = التغييرات
policy-show-changes = تغييرات الإصدار { $rev }
policy-diff-title = الإصدار { $rev }: ما الذي تغيّر
policy-diff-intro = مقارنةً بالإصدار { $rev }.
policy-diff-first = الإصدار الأول: كل الأسطر جديدة.
policy-diff-previous = التغييرات السابقة
policy-diff-back = العودة إلى السياسة
policy-diff-fields = التفاصيل
policy-diff-before = قبل
policy-diff-after = بعد
policy-diff-changed = تغيّر
policy-diff-caption = أسطر مستند السياسة: الأسطر المحذوفة مميّزة بـ − والمضافة بـ +.
policy-diff-change = التغيير
policy-diff-line = السطر
policy-diff-added = مضاف
policy-diff-removed = محذوف
policy-diff-count-added = { $count ->
        [zero] لا أسطر مضافة
        [one] سطر واحد مضاف
        [two] سطران مضافان
        [few] { $count } أسطر مضافة
       *[other] { $count } سطرًا مضافًا
    }
policy-diff-count-removed = { $count ->
        [zero] لا أسطر محذوفة
        [one] سطر واحد محذوف
        [two] سطران محذوفان
        [few] { $count } أسطر محذوفة
       *[other] { $count } سطرًا محذوفًا
    }
policy-did-you-mean = هل تقصد { $key }؟
policy-error-line = السطر { $line }
policy-upload-not-text = الملف ليس نصًا: يُنتظر مستند JSON بترميز UTF-8.
builder-tab = المُنشئ
builder-tab-json = JSON (متقدّم)
builder-json-label = مستند السياسة (JSON)
builder-token-type = نوع رمز المصادقة
builder-token-random = رمز عشوائي
builder-token-partner = رمز خاص بالشريك
builder-token-policy = رمز خاص بالسياسة
builder-auth-types = أنواع المصادقة
builder-allowed = مسموح
builder-mandatory = إلزامي
builder-auth-otp = كلمة مرور لمرة واحدة
builder-auth-demo = بيانات ديموغرافية
builder-auth-bio-finger = القياسات الحيوية: البصمة
builder-auth-bio-iris = القياسات الحيوية: القزحية
builder-auth-bio-face = القياسات الحيوية: الوجه
builder-auth-kyc = e-KYC
builder-kyc-attributes = سمات e-KYC
builder-multi-hint = اضغط Ctrl (أو ⌘) لاختيار أكثر من عنصر.
builder-languages = لغات e-KYC
builder-misp-flags = صلاحيات التفويض
builder-misp-allowAuthRequestDelegation = يجوز تفويض طلبات المصادقة
builder-misp-allowKycRequestDelegation = يجوز تفويض طلبات e-KYC
builder-misp-allowKeyBindingDelegation = يجوز تفويض ربط المفاتيح
builder-misp-trustBindedAuthVerificationToken = رموز المصادقة المرتبطة موثوقة
builder-misp-allowVciRequestDelegation = يجوز تفويض طلبات بيانات الاعتماد القابلة للتحقق
builder-share-settings = إعدادات المشاركة
builder-share-typeOfShare = نوع المشاركة
builder-share-validForInMinutes = مدة الصلاحية (بالدقائق)
builder-share-transactionsAllowed = عدد المعاملات المسموح بها
builder-share-encryptionType = التشفير
builder-share-shareDomain = نطاق المشاركة
builder-share-source = المصدر
builder-share-protocol = البروتوكول
builder-optional = (اختياري)
builder-shareable = السمات القابلة للمشاركة
builder-shared = مُشارَكة
builder-encrypted = مشفّرة
builder-file = الملف
builder-upload = ملف مستند السياسة (.json)
builder-upload-button = تحميل الملف
builder-download = تنزيل ملف .json

## Policy requests and API keys
nav-policy-requests = طلبات السياسات
nav-my-policies = السياسات
nav-api-keys = مفاتيح API
field-policy = السياسة
field-use-case = حالة الاستخدام
field-actions = الإجراءات
field-key-label = التسمية
field-key-id = معرّف المفتاح
field-replaced-by = استُبدل بـ
action-rotate = تجديد
requests-title = السياسات
requests-admin-title = ربط الشركاء بالسياسات
requests-new = طلب سياسة
requests-no-approved-partner = بعد أن يوافق مسؤول الشركاء على شريكك، يمكنك أن تطلب هنا سياسات مجموعته.
requests-choose-policy = اختر سياسة
requests-no-policies = لا توجد بعد سياسة نشطة في مجموعة السياسات.
requests-submit = إرسال الطلب
requests-empty-hint = اطلب سياسة بالنموذج أعلاه؛ ويقرّر مسؤول الشركاء.
request-status-inprogress = قيد الانتظار
request-status-approved = مقبول
request-status-rejected = مرفوض
request-approve-title = قبول طلب السياسة هذا
request-reject-title = رفض طلب السياسة هذا
request-reject-reason-hint = إلزامي: سيقرأ الشريك هذا السبب.
request-reject-reason-required = اذكر سبب الرفض؛ سيقرؤه الشريك.
request-already-decided = سبق البتّ في هذا الطلب.
flash-policy-requested = أُرسل طلبك. يقرّر مسؤول الشركاء.
flash-policy-request-approve = قُبل طلب السياسة.
flash-policy-request-reject = رُفض طلب السياسة؛ ويرى الشريك السبب.
flash-api-key-deactivated = عُطّل مفتاح API. لم يعد يعمل.
api-keys-title = مفاتيح API
api-keys-generate = إنشاء مفتاح
api-keys-no-grant = يُنشأ المفتاح لسياسة مقبولة لشريكك.
api-keys-request-first = اطلب سياسة أولًا.
api-keys-label-hint = اسم للمفتاح، فريد للسياسة ({ $max } حرفًا على الأكثر).
api-keys-generate-submit = إنشاء المفتاح
api-keys-empty-hint = أنشئ مفتاحك الأول بالنموذج أعلاه.
key-filter-activated = نشط
key-filter-deactivated = معطّل أو منتهي الصلاحية
key-state-active = نشط
key-state-expiring = تنتهي صلاحيته قريبًا
key-state-expired = منتهي الصلاحية
key-state-revoked = معطّل
api-key-issued-title = مفتاح API الجديد
api-key-issued-warning = انسخ المفتاح الآن واحفظه في مكان آمن: لن يُعرض مرة أخرى. لا يحتفظ PMS إلا ببصمته؛ وإن فقدته فأنشئ مفتاحًا جديدًا.
api-key-issued-label = مفتاح API «{ $label }»
api-key-copy = نسخ المفتاح
api-key-copied = نُسخ المفتاح.
api-key-copy-hint = حدّد الحقل كله وانسخه (Ctrl+C أو ⌘C).
api-key-issued-done = نسخت المفتاح
api-key-never-shown = لا يُعرض المفتاح نفسه إلا مرة واحدة، عند إنشائه.
api-key-not-active = لم يعد هذا المفتاح نشطًا.
api-key-deactivate-title = تعطيل مفتاح API هذا
api-key-deactivate-message = يتوقف المفتاح { $name } عن العمل فورًا. ولا يمكن استعماله مجددًا؛ أنشئ مفتاحًا جديدًا عند الحاجة.
api-key-until-invalid = أدخل تاريخًا، مثل 2030-01-31.
api-key-rotate-title = تجديد مفتاح API هذا
api-key-rotate-message = يحلّ مفتاح جديد محلّ { $name }؛ ويظل القديم صالحًا حتى التاريخ الذي تختاره، ثم تنتهي صلاحيته.
api-key-rotate-label = تسمية المفتاح الجديد
api-key-rotate-until = يبقى المفتاح القديم صالحًا حتى
api-key-rotate-until-hint = حتى نهاية ذلك اليوم (UTC). إن تُرك فارغًا: بعد 7 أيام.
dashboard-policy-requests = طلبات السياسات
dashboard-requests-pending = طلبات سياسات تنتظر قرارًا
card-policies-text = اطلب السياسات وتابع القرارات.
card-api-keys = مفاتيح API
card-api-keys-text = أنشئ مفاتيح سياساتك المقبولة وجدّدها وعطّلها.
error-PMS_PRT_053 = يوجد طلب لهذه السياسة ينتظر الموافقة.
error-PMS_PRT_060 = سبق قبول هذه السياسة للشريك.
error-PMS_PRT_073 = هذه السياسة غير موجودة.
error-PMS_PRT_098 = هذه السياسة ليست في مجموعة سياسات الشريك.
error-PMS_PRT_047 = ليس للشريك مجموعة سياسات.
error-PMS_PMP_019 = السياسة غير نشطة.
error-PMS_PMP_018 = انتهت صلاحية السياسة.
error-PMS_PMP_014 = هذه السياسة غير موجودة.
error-PMS_PMP_007 = طلب السياسة هذا غير موجود.
error-PMS_PRT_109 = لا يوجد طلب مقبول لهذه السياسة: اطلبها أولًا.
error-PMS_PRT_110 = هذه التسمية مستعملة لهذه السياسة. اختر تسمية أخرى.
error-PMS_PRT_111 = لا يوجد مفتاح API بهذه التسمية لهذه السياسة.
error-PMS_PMS_022 = مفتاح API غير نشط.
error-PMS_KEY_001 = انتهت صلاحية مفتاح API؛ أنشئ مفتاحًا جديدًا.
error-PMS_KEY_002 = يجب أن يبقى المفتاح القديم صالحًا حتى تاريخ في المستقبل.
error-PMS_KEY_003 = مفتاح API هذا غير موجود.
error-PMS_PM_034 = سبق قبول طلب السياسة هذا.
error-PMS_PM_035 = سبق رفض طلب السياسة هذا.

## رسائل البريد وإشعارات البوابة: طلبات السياسات ومفاتيح API والشهادات التي تنتهي صلاحيتها.

email-request-approved-subject = تمت الموافقة على طلبك للسياسة { $policyName }
email-request-approved-body =
    مرحبًا { $name }،

    وافق مسؤول الشركاء على طلب الشريك { $partnerId } للسياسة { $policyName }. يمكنك الآن إنشاء مفاتيح API لها عبر { $portal }.

email-request-rejected-subject = لم تتم الموافقة على طلبك للسياسة { $policyName }
email-request-rejected-body =
    مرحبًا { $name }،

    رفض مسؤول الشركاء طلب الشريك { $partnerId } للسياسة { $policyName }.
    السبب: { $reason }

email-key-created-subject = مفتاح API جديد للسياسة { $policyName }
email-key-created-body =
    مرحبًا { $name }،

    تم إنشاء مفتاح API { $label } للشريك { $partnerId } للسياسة { $policyName }، وهو صالح حتى { $expires }.
    إذا لم تنشئه أنت، فعطّله عبر { $portal } وأبلغ مسؤول الشركاء.

email-key-expiring-subject = تنتهي صلاحية مفتاح API { $label } خلال { $days } يومًا
email-key-expiring-body =
    مرحبًا { $name }،

    تنتهي صلاحية مفتاح API { $label } للشريك { $partnerId } للسياسة { $policyName } في { $expires }. أنشئ مفتاحًا جديدًا عبر { $portal } قبل ذلك.

email-key-deactivated-subject = تم تعطيل مفتاح API { $label }
email-key-deactivated-body =
    مرحبًا { $name }،

    لم يعد مفتاح API { $label } للشريك { $partnerId } للسياسة { $policyName } يعمل.

email-certificate-expiring-subject = تنتهي صلاحية شهادة الشريك { $partnerId } خلال { $days } يومًا
email-certificate-expiring-body =
    مرحبًا { $name }،

    تنتهي صلاحية شهادة الشريك { $partnerId } في { $expires }. ارفع شهادة جديدة عبر { $portal } قبل ذلك.

email-ca-expiring-subject = تنتهي صلاحية شهادة سلطة { $domain } خلال { $days } يومًا
email-ca-expiring-body =
    مرحبًا،

    تنتهي صلاحية شهادة سلطة التصديق { $domain } { $subject } في { $expires }. لن تُقبل بعد ذلك شهادات الشركاء الصادرة عنها؛ ارفع الشهادة التي تخلفها عبر { $portal }.

## Portal: events, deliveries and notifications

nav-events = الأحداث
bell-label = الإشعارات
bell-unread = { $count ->
        [zero] لا توجد إشعارات غير مقروءة
        [one] إشعار واحد غير مقروء
        [two] إشعاران غير مقروءين
        [few] { $count } إشعارات غير مقروءة
        [many] { $count } إشعارًا غير مقروء
       *[other] { $count } إشعار غير مقروء
    }
events-title = الأحداث
events-tabs-label = صفحات الأحداث
events-tab-webhooks = خطافات الويب
events-tab-deliveries = سجل الإرسال
events-tab-websub = اشتراكات المحور
action-remove = إزالة
field-url = عنوان URL
field-topics = المواضيع
field-topic = الموضوع
field-secret = السر
field-kind = النوع
field-target = المستلم
field-target-id = معرّف المشترك
field-event-id = معرّف الحدث
field-attempts = المحاولات
field-last-answer = آخر رد
field-next-attempt = المحاولة التالية
field-delivered = تم التسليم
field-webhook = خطاف الويب
field-callback = عنوان الاستدعاء
field-expires = ينتهي
webhooks-title = خطافات الويب
webhooks-intro = يُرسَل كل حدث من موضوع مختار إلى عنوان خطاف الويب بطلب POST موقَّع (HMAC-SHA256 للمحتوى بسرّه)، ويُعاد إرساله حتى يُقبل.
webhooks-empty = لا يوجد خطاف ويب بعد. أضف واحدًا أدناه.
webhook-deliveries = الإرسالات
webhook-add = إضافة خطاف ويب
webhook-url-hint = عنوان http أو https كامل، بلا اسم مستخدم ولا كلمة مرور.
webhook-secret-hint = من 16 إلى 200 حرف، لتوقيع كل إرسال. لا يُعرض مرة أخرى.
webhook-add-submit = إضافة خطاف الويب
webhook-remove-title = إزالة خطاف الويب هذا؟
webhook-remove-message = لن تُرسَل الأحداث بعد الآن إلى { $url }. يُتخلّى عن الإرسالات التي ما زالت تنتظره.
flash-webhook-added = أُضيف خطاف الويب. سيتلقى الأحداث القادمة من مواضيعه.
flash-webhook-removed = أُزيل خطاف الويب.
flash-delivery-retried = عاد الإرسال إلى قائمة الانتظار بعدد محاولات جديد.
flash-events-replayed = أُعيدت أحداث تلك الفترة إلى قائمة الانتظار.
flash-notifications-read = عُلّمت كل إشعاراتك كمقروءة.
deliveries-title = سجل الإرسال
queue-title = قائمة الانتظار
queue-pending = في الانتظار
queue-dead = رسائل ميتة
queue-oldest = أقدم إرسال مستحق منذ
queue-empty = لا شيء في الانتظار.
delivery-kind-webhook = خطاف ويب
delivery-kind-websub = مشترك في المحور
delivery-kind-hub = نشر إلى محور WebSub
delivery-kind-intent = تحقق المحور من النية
delivery-kind-email = بريد إلكتروني
delivery-status-pending = قيد الانتظار
delivery-status-delivered = تم التسليم
delivery-status-dead = رسالة ميتة
delivery-latency = { $ms } ملّي ثانية
delivery-retry = إعادة المحاولة
replay-title = إعادة بث الأحداث
replay-intro = يعيد إلى قائمة الانتظار الأحداث المكتوبة خلال الفترة (حتى نهايتها، أو حتى الآن) لمشتركي اليوم. تحتفظ الأحداث بمعرّفاتها، فيستطيع المستلم تجاهل ما لديه منها. الأوقات بالتوقيت العالمي المنسق.
replay-every-topic = كل المواضيع
replay-every-subscriber = كل المشتركين
replay-submit = إعادة بث الأحداث
replay-queued = { $count ->
        [zero] لم يُضف أي إرسال: لا مشترك لأي حدث من تلك الفترة.
        [one] أُضيف إرسال واحد إلى قائمة الانتظار.
        [two] أُضيف إرسالان إلى قائمة الانتظار.
        [few] أُضيفت { $count } إرسالات إلى قائمة الانتظار.
        [many] أُضيف { $count } إرسالًا إلى قائمة الانتظار.
       *[other] أُضيف { $count } إرسال إلى قائمة الانتظار.
    }
websub-title = اشتراكات المحور
websub-intro = مشتركو محور WebSub المدمج، بعد أن أكّد عنوان الاستدعاء طلبهم.
websub-empty = لا يوجد مشترك بعد.
websub-expired = منتهي
notifications-title = الإشعارات
notifications-mark-all = تعليم الكل كمقروء
notifications-all-read = قرأت كل إشعاراتك.
notifications-new = جديد
notifications-empty = لا توجد إشعارات بعد.
audit-export-jsonl = تصدير هذه الصفوف بصيغة JSON Lines
error-PMS_EVT_001 = هذا الموضوع غير موجود.
error-PMS_EVT_002 = أدخل عنوان http أو https كاملًا، بلا اسم مستخدم ولا كلمة مرور.
error-PMS_EVT_003 = لا يُسمح لعناوين الاستدعاء على هذا المضيف بالاشتراك.
error-PMS_EVT_004 = يجب أن يكون الوضع subscribe أو unsubscribe.
error-PMS_EVT_005 = خطاف الويب هذا غير موجود.
error-PMS_EVT_006 = هذا الإرسال غير موجود، أو لا يمكن إعادة إرساله.
error-PMS_EVT_007 = يجب أن يتكون السر من 16 إلى 200 حرف.
error-PMS_EVT_008 = يجب أن تسبق بداية الفترة نهايتها.

email-device-approved-subject = تمت الموافقة على { $kind ->
        [sbi] واجهة SBI
        [chip] شريحة FTM
       *[device] الجهاز
    } { $item }
email-device-approved-body =
    مرحبًا { $name }،

    وافق مسؤول الشركاء على { $kind ->
        [sbi] واجهة SBI
        [chip] شريحة FTM
       *[device] الجهاز
    } { $item } للشريك { $partnerId }.
    تعليق: { $reason }

email-device-rejected-subject = لم تتم الموافقة على { $kind ->
        [sbi] واجهة SBI
        [chip] شريحة FTM
       *[device] الجهاز
    } { $item }
email-device-rejected-body =
    مرحبًا { $name }،

    رفض مسؤول الشركاء { $kind ->
        [sbi] واجهة SBI
        [chip] شريحة FTM
       *[device] الجهاز
    } { $item } للشريك { $partnerId }.
    السبب: { $reason }

email-sbi-expiring-subject = تنتهي صلاحية واجهة SBI { $version } للشريك { $partnerId } خلال { $days } يومًا
email-sbi-expiring-body =
    مرحبًا { $name }،

    تنتهي صلاحية واجهة القياسات الحيوية الآمنة { $version } للشريك { $partnerId } في { $expires }. سجّل الإصدار التالي على { $portal } قبل ذلك؛ لا يمكن اعتماد أجهزة واجهة منتهية الصلاحية.

email-chip-certificate-expiring-subject = تنتهي صلاحية شهادة شريحة FTM { $item } خلال { $days } يومًا
email-chip-certificate-expiring-body =
    مرحبًا { $name }،

    تنتهي صلاحية شهادة شريحة FTM { $item } للشريك { $partnerId } في { $expires }. ارفع شهادة جديدة على { $portal } قبل ذلك.

# مزوّدو الأجهزة ومزوّدو FTM وموافقات مسؤول الشركاء.
nav-approvals = الموافقات
nav-sbis = واجهات SBI
nav-devices = الأجهزة
nav-chips = شرائح FTM
status-approved = موافق عليه
status-pending-cert-upload = بانتظار شهادة الشريحة
card-devices-text = سجّل إصدارات SBI وأضف الأجهزة التي تعمل معها.
card-device-list = الأجهزة
card-device-list-text = كل أجهزة واجهات SBI الخاصة بك مع حالتها.
card-ftm-text = سجّل شرائح FTM وارفع شهاداتها.
field-sbi-id = معرّف SBI
field-sbi-version = إصدار SBI
field-sbi-hash = بصمة ملف SBI الثنائي
field-sbi-created = تاريخ إنشاء SBI
field-sbi-expiry = تاريخ انتهاء SBI
field-sbi-expiry-status = الصلاحية
field-submitted = تاريخ التقديم
field-devices = الأجهزة
field-device-id = معرّف الجهاز
field-device-type = نوع الجهاز
field-device-sub-type = النوع الفرعي للجهاز
field-make = الصانع
field-model = الطراز
field-chip-id = معرّف شريحة FTM
sbis-title = الواجهات البيومترية الآمنة
sbis-intro = يوافق مسؤول الشركاء على كل إصدار SBI قبل أن يمكن إضافة أجهزة إليه.
sbi-new = إضافة SBI
sbi-new-intro = سجّل إصدارًا من واجهتك البيومترية الآمنة. يوافق عليه مسؤول الشركاء قبل أن تتمكن من إضافة الأجهزة.
sbi-submit = تقديم للموافقة
sbi-empty-hint = أضف أول SBI لك.
sbi-valid = صالح
sbi-expired = منتهي الصلاحية
sbi-expiry-hint = يمكن استخدام SBI حتى نهاية هذا اليوم (UTC)، وبحد أقصى 10 سنوات من اليوم.
sbi-date-invalid = اكتب التاريخ بصيغة سنة-شهر-يوم، مثل 2030-12-31.
sbi-device-counts = موافق عليها: { $approved }
sbi-device-counts-pending = بانتظار الموافقة: { $pending }
sbi-page-title = SBI
sbi-deactivate = تعطيل SBI
sbi-devices = أجهزة هذا SBI
sbi-no-devices = لا توجد أجهزة بعد.
sbi-add-device = إضافة جهاز
sbi-add-device-submit = تقديم الجهاز للموافقة
sbi-add-pending = يمكن إضافة الأجهزة بعد أن يوافق مسؤول الشركاء على هذا SBI.
sbi-add-expired = انتهت صلاحية هذا SBI: لا يمكن إضافة أجهزة إليه.
sbi-add-closed = لم يعد هذا SBI نشطًا: لا يمكن إضافة أجهزة إليه.
sbi-history = السجل
sbi-approve-title = الموافقة على SBI
sbi-reject-title = رفض SBI
sbi-deactivate-title = تعطيل SBI
sbi-deactivate-cascade = تتوقف أجهزته معه: سيُعطَّل { $approved } من الأجهزة الموافق عليها وسيُرفض { $pending } من الأجهزة التي تنتظر الموافقة.
device-decision-told = يُبلَّغ المزوّد بالقرار والسبب عبر البريد الإلكتروني وفي إشعاراته.
device-reason-hint = سيقرأ المزوّد هذا السبب.
device-reject-reason-required = اذكر السبب ليتمكن المزوّد من التصحيح.
device-no-sbi = بلا SBI
devices-title = الأجهزة
devices-intro = تُضاف الأجهزة من صفحة SBI موافق عليه.
devices-empty-hint = أضف الأجهزة من صفحة SBI موافق عليه.
devices-no-partner = لا يملك حسابك شريكًا من نوع مزوّد أجهزة بعد.
devices-no-approved-partner = لم تتم الموافقة بعد على أي من شركائك من نوع مزوّد أجهزة.
device-approve-title = الموافقة على الجهاز
device-reject-title = رفض الجهاز
device-deactivate-title = تعطيل الجهاز
chips-title = شرائح FTM
chips-no-partner = لا يملك حسابك شريكًا من نوع مزوّد FTM بعد.
chips-no-approved-partner = لم تتم الموافقة بعد على أي من شركائك من نوع مزوّد FTM.
chip-new = إضافة شريحة FTM
chip-new-intro = سجّل صانع الشريحة وطرازها، ثم ارفع شهادتها؛ ويوافق عليها مسؤول الشركاء.
chip-submit = إضافة الشريحة
chip-empty-hint = أضف أول شريحة FTM لك.
chip-page-title = شريحة FTM
chip-deactivate = تعطيل الشريحة
chip-needs-certificate = ارفع شهادة الشريحة: يقرّر مسؤول الشركاء بعد رفعها.
chip-certificate = شهادة الشريحة
chip-upload-intro = يجب أن تصدر الشهادة لمؤسستك من جهة تصديق في مخزن الثقة FTM. كل رفع إصدار جديد، وتعود الشريحة إلى انتظار الموافقة.
chip-approve-title = الموافقة على شريحة FTM
chip-reject-title = رفض شريحة FTM
chip-deactivate-title = تعطيل شريحة FTM
chip-deactivate-notice = لا يمكن استخدام الشريحة المعطّلة مجددًا ولا تنزيل شهادتها.
approvals-title = بانتظار قرارك
approvals-total = { $count ->
        [zero] لا شيء ينتظر قرارًا.
        [one] عنصر واحد ينتظر قرارًا.
        [two] عنصران ينتظران قرارًا.
        [few] { $count } عناصر تنتظر قرارًا.
        [many] { $count } عنصرًا ينتظر قرارًا.
       *[other] { $count } عنصر ينتظر قرارًا.
    }
approvals-none = لا شيء ينتظر هنا.
approvals-see-all = عرض القائمة كاملة ({ $count })
approvals-partners = الشركاء
approvals-policy-requests = طلبات السياسات
approvals-sbis = واجهات SBI
approvals-devices = الأجهزة
approvals-chips = شرائح FTM
dashboard-approvals-pending = عناصر بانتظار قرار
flash-sbi-created = تم تقديم SBI. يقرّر مسؤول الشركاء.
flash-sbi-approve = تمت الموافقة على SBI وإبلاغ المزوّد.
flash-sbi-reject = تم رفض SBI؛ وسيقرأ المزوّد السبب.
flash-sbi-deactivate = تم تعطيل SBI ومعه أجهزته.
flash-device-added = تم تقديم الجهاز. يقرّر مسؤول الشركاء.
flash-device-approve = تمت الموافقة على الجهاز وإبلاغ المزوّد.
flash-device-reject = تم رفض الجهاز؛ وسيقرأ المزوّد السبب.
flash-device-deactivate = تم تعطيل الجهاز.
flash-chip-created = تمت إضافة الشريحة. ارفع شهادتها الآن.
flash-chip-certificate-uploaded = قُبلت شهادة الشريحة ووقّعتها المنصة. يقرّر مسؤول الشركاء.
flash-chip-approve = تمت الموافقة على شريحة FTM وإبلاغ المزوّد.
flash-chip-reject = تم رفض شريحة FTM؛ وسيقرأ المزوّد السبب.
flash-chip-deactivate = تم تعطيل شريحة FTM.
error-PMS_AUT_512 = لدى هذا الشريك SBI بهذا الإصدار مسبقًا.
error-PMS_AUT_514 = لا يمكن أن يكون تاريخ الإنشاء في المستقبل.
error-PMS_AUT_508 = يجب أن يكون تاريخ الانتهاء بعد اليوم.
error-PMS_AUT_003 = هذا الصانع والطراز مسجّلان مسبقًا لجهاز.
error-PMP_AUT_032 = هذا الصانع والطراز مسجّلان مسبقًا لشريحة.
error-PMS_DEVICE_ERROR_019 = ينتمي هذا SBI إلى شريك آخر.
error-PMS_DEVICE_ERROR_016 = ينتمي هذا الجهاز إلى شريك آخر.
error-PMS_FTM_ERROR_006 = تنتمي شريحة FTM هذه إلى شريك آخر.

## OIDC clients and MISP licences

nav-oidc-clients = عملاء OIDC
nav-misp-licences = تراخيص MISP
card-auth-services-text = سجّل عملاء OIDC الذين يُدخلون المقيمين عبر eSignet.
card-misp-text = احصل على مفتاح الترخيص الذي تتحقق منه خدمة ID Authentication في طلباتك.
clients-title = عملاء OIDC
client-new = عميل OIDC جديد
client-new-intro = يُسجَّل العميل لإحدى سياسات Auth المعتمدة لديك؛ وتُستمد مطالباته وطرق المصادقة من تلك السياسة.
clients-no-grant = يحتاج العميل إلى سياسة Auth معتمدة.
clients-empty-hint = أنشئ عميلاً لسياسة Auth معتمدة.
client-edit = تعديل عميل OIDC
client-submit = إنشاء العميل
client-page-title = عميل OIDC
client-status-ACTIVE = نشط
client-status-INACTIVE = غير نشط
client-id-copy = نسخ
client-id-copied = تم نسخ معرّف العميل.
client-key-hint = المفتاح العام للعميل بصيغة JWK (RSA أو EC P-256 أو P-384 أو Ed25519)، مثلاً {"{"}"kty": "RSA", "n": "…", "e": "AQAB"{"}"}. يُشتق منه معرّف العميل.
client-redirect-hint = من عنوان واحد إلى خمسة عناوين، عنوان في كل سطر.
client-not-active = هذا العميل غير نشط بالفعل.
client-deactivate-title = إلغاء تنشيط عميل OIDC
client-deactivate-message = لن يُدخل { $name } أحداً بعد الآن. لا يمكن التراجع عن ذلك.
field-client-name = اسم العميل
field-client-id = معرّف العميل
field-auth-policy = سياسة Auth
field-public-key = المفتاح العام (JWK)
field-logo-uri = عنوان الشعار
field-redirect-uris = عناوين إعادة التوجيه
field-grant-type = نوع المنح
field-auth-method = مصادقة العميل
field-claims = المطالبات
field-acrs = مراجع سياق المصادقة
flash-client-created = تم إنشاء عميل OIDC.
flash-client-updated = تم تعديل عميل OIDC.
flash-client-deactivated = تم إلغاء تنشيط عميل OIDC.
licences-title = تراخيص MISP
licences-intro = لا تقبل خدمة ID Authentication الطلبات التي يحيلها MISP إلا بمفتاح ترخيص صالح.
licence-generate = إنشاء ترخيص { $name }
licence-reveal = إظهار المفتاح
licence-key-title = مفتاح الترخيص
licence-key-warning = احتفظ بهذا المفتاح سراً؛ فكل من يحمله يستطيع إحالة الطلبات باسم هذا الـ MISP.
licence-key-label = مفتاح ترخيص { $name }
licence-state-active = نشط
licence-state-expired = منتهي الصلاحية
licence-state-deactivated = ملغى التنشيط
licence-already = الترخيص في هذه الحالة بالفعل.
licence-activate-title = تنشيط الترخيص
licence-activate-message = سيُقبل ترخيص { $name } من جديد.
licence-deactivate-title = إلغاء تنشيط الترخيص
licence-deactivate-message = سترفض الطلبات التي تحمل ترخيص { $name }.
field-licence-key = مفتاح الترخيص
flash-licence-activated = تم تنشيط الترخيص.
flash-licence-deactivated = تم إلغاء تنشيط الترخيص.
error-PMS_ESI_001 = يوجد عميل مسجّل بهذا المفتاح العام بالفعل.
error-PMS_ESI_002 = لم يُعتمد طلب هذه السياسة بعد.
error-PMS_ESI_003 = لهذه السياسة أنواع مصادقة إلزامية؛ لا يمكن إنشاء عميل لها.
error-PMS_ESI_005 = لا تطابق أي مطالبة من eSignet سمات KYC في هذه السياسة.
error-PMS_ESI_006 = لا يطابق أي سياق مصادقة من eSignet أنواع المصادقة في هذه السياسة.
error-PMS_ESI_007 = المفتاح العام ليس JWK صالحاً للاستخدام (RSA بطول 2048 بت أو أكثر، أو EC P-256 أو P-384، أو Ed25519).
error-PMS_ESI_008 = هذا العميل غير نشط بالفعل.
error-PMS_OIDC_001 = تعذّر الوصول إلى eSignet؛ لم يتغير شيء. حاول لاحقاً.
error-PMS_MSP_416 = يملك هذا الـ MISP ترخيصاً بالفعل.
error-invalid_redirect_uri = يجب أن يكون كل عنوان إعادة توجيه عنواناً مطلقاً بلا جزء (fragment).
error-invalid_grant_type = نوع المنح هذا غير متاح.
error-invalid_client_auth = طريقة مصادقة العميل هذه غير متاحة.

# Login through an external OpenID provider
audit-action-user-provision = مستخدم أُنشئ من مزوّد الهوية
audit-action-user-roles-sync = أدوار مأخوذة من مزوّد الهوية
audit-do-user-provision = سجّل { $entity } الدخول لأول مرة عبر مزوّد الهوية
audit-do-user-roles-sync = غيّر مزوّد الهوية أدوار { $entity }
login-external = تسجيل الدخول عبر { $name }
login-or = أو
audit-action-oidc-initial-token-issue = إصدار رمز وصول أولي
audit-do-oidc-initial-token-issue = أصدر { $actor } رمز الوصول الأولي { $entity } لتسجيل عميل

# RFC 7591 initial access tokens
registration-token-title = رمز تسجيل العميل
registration-token-intro = يتيح لأدوات هذا الشريك تسجيل عميل OIDC واحد (RFC 7591) دون تسجيل دخول مستخدم. يُعرض مرة واحدة ويُستهلك بالتسجيل.
field-validity-days = صالح لمدة (أيام)
registration-token-issue = إصدار رمز تسجيل
registration-token-issued-title = تم إصدار رمز التسجيل
registration-token-label = رمز التسجيل لـ { $partner }
registration-token-endpoint = نقطة التسجيل
registration-token-use = سلّمه إلى الشريك عبر قناة آمنة: ترسله أداته كرمز حامل في طلب POST واحد إلى نقطة التسجيل.
registration-token-days-invalid = اختر من 1 إلى 90 يومًا.
error-PMS_USR_008 = يسجّل هذا المستخدم الدخول عبر مزوّد الهوية؛ لا يحتفظ PMS بكلمة مرور له.
error-PMS_AUTH_003 = لا تُقبل كلمات المرور هنا؛ سجّل الدخول عبر مزوّد الهوية.
error-PMS_AUTH_005 = يحمل مستخدم محلي بالفعل الاسم الذي يعطيه مزوّد الهوية؛ يجب أن يربطهما مسؤول.
