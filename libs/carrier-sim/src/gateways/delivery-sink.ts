/** A logged-in connection able to carry carrier→SP traffic (status reports and MO messages) for one account. */
export interface DeliverySink<D> {
  readonly account: string;
  readonly canDeliver: boolean;
  deliver(item: D): void;
}
