import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles, hasRole } from '@app/identity';
import { SupplierProfileInput, SupplierProfileView, SupplierProfilesService } from '@app/suppliers';
import { FormPage } from '../forms/form-page';
import { SupplierProfileForm } from '../forms/supplier-forms';
import { WebRequest, setFlash } from '../session/session-data';

/** The profile as the form's fields. */
function formValues(p: SupplierProfileView): Record<string, string> {
  return {
    legalName: p.legalName,
    tradingName: p.tradingName ?? '',
    companiesHouseNumber: p.companiesHouseNumber ?? '',
    dunsNumber: p.dunsNumber ?? '',
    vatNumber: p.vatNumber ?? '',
    addressLine1: p.address.line1,
    addressLine2: p.address.line2 ?? '',
    town: p.address.town,
    postcode: p.address.postcode,
    country: p.address.country,
    contactName: p.contact.name,
    contactEmail: p.contact.email,
    contactPhone: p.contact.phone ?? '',
    website: p.website ?? '',
    description: p.description ?? '',
    vcse: p.vcse ? 'true' : '',
    startup: p.startup ? 'true' : '',
  };
}

/** Supplier admins edit their organisation's profile; supplier users read it. */
@Roles('supplier_admin', 'supplier_user')
@Controller('supplier/profile')
export class SupplierProfileController {
  constructor(private readonly profiles: SupplierProfilesService) {}

  async model(user: AuthUser) {
    const supplier = await this.profiles.get(user.organisationId);
    return {
      pageTitle: 'Company profile',
      supplier,
      profile: supplier.profile,
      canEdit: hasRole(user, 'supplier_admin'),
      values: supplier.profile ? formValues(supplier.profile) : { legalName: user.organisationName, country: 'GB' },
    };
  }

  @Get()
  @Render('supplier/profile')
  page(@CurrentUser() user: AuthUser) {
    return this.model(user);
  }

  /** Saves the profile (created on first save); a new name shows on the organisation's offerings at once. */
  @Roles('supplier_admin')
  @Post()
  @Redirect('/supplier/profile', 303)
  @FormPage<SupplierProfileController>({
    view: 'supplier/profile',
    model: (c, req) => c.model(req.user as AuthUser),
    fields: {
      'address.line1': 'addressLine1',
      'address.line2': 'addressLine2',
      'address.town': 'town',
      'address.postcode': 'postcode',
      'address.country': 'country',
      'contact.name': 'contactName',
      'contact.email': 'contactEmail',
      'contact.phone': 'contactPhone',
    },
    fallbackField: 'legalName',
  })
  async save(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: SupplierProfileForm, @ReqMeta() meta: RequestMeta) {
    const input: SupplierProfileInput = {
      legalName: form.legalName,
      tradingName: form.tradingName ?? null,
      companiesHouseNumber: form.companiesHouseNumber ?? null,
      dunsNumber: form.dunsNumber ?? null,
      vatNumber: form.vatNumber ?? null,
      address: { line1: form.addressLine1, line2: form.addressLine2 ?? null, town: form.town, postcode: form.postcode, country: form.country ?? 'GB' },
      contact: { name: form.contactName, email: form.contactEmail, phone: form.contactPhone ?? null },
      website: form.website ?? null,
      description: form.description ?? null,
      vcse: form.vcse === 'true',
      startup: form.startup === 'true',
    };
    await this.profiles.save(user, user.organisationId, input, meta);
    setFlash(req, { heading: 'Your company profile has been saved', text: 'Buyers see these details on your offerings.' });
    return { url: '/supplier/profile' };
  }
}
