import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An API key. The full key is shown once; only its prefix and a hash are kept. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  prefix!: string;

  @Column('bytea', { name: 'secret_hash' })
  secretHash!: Buffer;

  @Column('text', { array: true })
  scopes!: string[];

  @Column('text', { name: 'signing_secret_encrypted' })
  signingSecretEncrypted!: string;

  @Column('boolean', { name: 'require_signature', default: false })
  requireSignature!: boolean;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
